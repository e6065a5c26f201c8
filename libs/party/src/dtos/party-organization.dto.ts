import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PartyOrganizationEntity } from '../entities/party-organization.entity';
import { PartyManagerKind, PartyOrgKind, PartyOrgStatus } from '../entities/party.enums';
import { PartyManagerKindGraphQL, PartyOrgKindGraphQL, PartyOrgStatusGraphQL } from './party-enums.graphql';

/** A unit row as lean reads return it: the entity's columns and the attached chambers. */
export type PartyOrganizationRow = PartyOrganizationEntity & { chamberIds: string[] };

@ObjectType('PartyOrganization', {
  description: 'A party organisation (党组织). It belongs to exactly one body (一方隶属: committeeId or parentId) and may be managed by several (多方管理: managers).',
})
export class PartyOrganizationDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => PartyOrgKindGraphQL)
  kind!: PartyOrgKind;

  @Field(() => ID, { nullable: true, description: 'The working committee it belongs to directly (null when it belongs to a higher unit).' })
  committeeId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The higher party organisation it belongs to (null when it belongs to a committee).' })
  parentId!: string | null;

  @Field(() => ID, { description: 'The working committee at the top of its chain.' })
  rootCommitteeId!: string;

  @Field(() => [ID], { description: 'The chambers the unit is attached to (several for a joint branch).' })
  chamberIds!: string[];

  @Field(() => PartyOrgStatusGraphQL)
  status!: PartyOrgStatus;

  @Field(() => ID, { nullable: true })
  mergedIntoId!: string | null;

  @Field(() => String, { nullable: true })
  foundedOn!: string | null;

  @Field(() => String, { nullable: true })
  dissolvedOn!: string | null;

  @Field(() => Int, { description: 'Pass it back with a change; a stale version is refused (CONFLICT).' })
  version!: number;

  static from(this: void, o: PartyOrganizationRow): PartyOrganizationDto {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      committeeId: o.committeeId,
      parentId: o.parentId,
      rootCommitteeId: o.rootCommitteeId,
      chamberIds: o.chamberIds ?? [],
      status: o.status,
      mergedIntoId: o.mergedIntoId,
      foundedOn: o.foundedOn,
      dissolvedOn: o.dissolvedOn,
      version: o.version,
    };
  }
}

@ObjectType('PartyOrganizationManager', { description: 'A body that helps manage a unit (多方管理) and its role in that.' })
export class PartyManagerDto {
  @Field(() => PartyManagerKindGraphQL)
  bodyKind!: PartyManagerKind;

  @Field({ description: 'The body, e.g. 上海市温州商会 or 中共鹿城区委组织部.' })
  bodyName!: string;

  @Field({ description: 'What it does for the unit, e.g. 日常管理 or 组织关系接转.' })
  role!: string;

  @Field(() => ID, { nullable: true })
  chamberId!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 code of a local body (a county organisation department).' })
  regionCode!: string | null;
}
