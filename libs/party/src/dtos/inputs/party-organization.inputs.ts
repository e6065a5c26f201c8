import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { PartyManagerKind, PartyOrgKind, PartyOrgStatus } from '../../entities/party.enums';
import { PartyManagerKindGraphQL, PartyOrgKindGraphQL, PartyOrgStatusGraphQL } from '../party-enums.graphql';
import { NameRules, OptionalId } from './party-fields';

@InputType('PartyManagerInput')
export class PartyManagerInput {
  @Field(() => PartyManagerKindGraphQL)
  @IsEnum(PartyManagerKind)
  bodyKind!: PartyManagerKind;

  @Field()
  @NameRules('bodyName', 2, 100)
  bodyName!: string;

  @Field()
  @NameRules('role', 2, 200)
  role!: string;

  @Field(() => ID, { nullable: true })
  @OptionalId('chamberId')
  chamberId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  regionCode?: string;
}

@InputType('CreatePartyOrganizationInput')
export class CreatePartyOrganizationInput {
  @Field({ description: 'e.g. 中共上海市温州商会支部委员会.' })
  @NameRules('name', 2, 100)
  name!: string;

  @Field(() => PartyOrgKindGraphQL)
  @IsEnum(PartyOrgKind)
  kind!: PartyOrgKind;

  @Field(() => ID, { nullable: true, description: 'The working committee it belongs to; give this or parentId, not both (一方隶属).' })
  @OptionalId('committeeId')
  committeeId?: string;

  @Field(() => ID, { nullable: true, description: 'The higher unit it belongs to; give this or committeeId.' })
  @OptionalId('parentId')
  parentId?: string;

  @Field(() => [ID], { defaultValue: [], description: 'Attached chambers: at most one, or two and more for a joint branch.' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'chamberIds must be ids (UUID)' })
  chamberIds: string[] = [];

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  foundedOn?: string;

  @Field(() => [PartyManagerInput], { defaultValue: [], description: 'The bodies that help manage it (多方管理).' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartyManagerInput)
  managers: PartyManagerInput[] = [];
}

@InputType('UpdatePartyOrganizationInput')
export class UpdatePartyOrganizationInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @NameRules('name', 2, 100)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Move under this committee (clears parentId). Give at most one of committeeId and parentId.' })
  @OptionalId('committeeId')
  committeeId?: string;

  @Field(() => ID, { nullable: true, description: 'Move under this unit (clears committeeId).' })
  @OptionalId('parentId')
  parentId?: string;

  @Field(() => [ID], { nullable: true, description: 'Replaces the attached chambers.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'chamberIds must be ids (UUID)' })
  chamberIds?: string[];

  @Field(() => [PartyManagerInput], { nullable: true, description: 'Replaces the managing bodies.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartyManagerInput)
  managers?: PartyManagerInput[];

  @Field(() => PartyOrgStatusGraphQL, { nullable: true, description: 'DISSOLVED (with dissolvedOn); MERGED goes through mergedIntoId.' })
  @IsOptional()
  @IsEnum(PartyOrgStatus)
  status?: PartyOrgStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  dissolvedOn?: string;

  @Field(() => ID, { nullable: true, description: 'With status MERGED: the unit it was merged into.' })
  @OptionalId('mergedIntoId')
  mergedIntoId?: string;
}
