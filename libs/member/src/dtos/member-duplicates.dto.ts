import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, enumValues } from '@crm/shared';
import { MemberDto } from './member.dto';

/** The rules that find duplicate members, strongest first (the order groups are listed in). */
export enum DuplicateRule {
  /** The same ID number (compared in upper case: 33…x and 33…X are one number). */
  SameIdNumber = 'SAME_ID_NUMBER',
  /** The same name and at least one phone in common. */
  SameNamePhone = 'SAME_NAME_PHONE',
  /** The same name, birth date and hometown county, all known. */
  SameNameBirthHometown = 'SAME_NAME_BIRTH_HOMETOWN',
}

export enum DuplicateCertainty {
  Certain = 'CERTAIN',
  Likely = 'LIKELY',
  Possible = 'POSSIBLE',
}

export const DUPLICATE_RULE_ORDER: readonly DuplicateRule[] = [DuplicateRule.SameIdNumber, DuplicateRule.SameNamePhone, DuplicateRule.SameNameBirthHometown];

export const DUPLICATE_CERTAINTY: Readonly<Record<DuplicateRule, DuplicateCertainty>> = {
  [DuplicateRule.SameIdNumber]: DuplicateCertainty.Certain,
  [DuplicateRule.SameNamePhone]: DuplicateCertainty.Likely,
  [DuplicateRule.SameNameBirthHometown]: DuplicateCertainty.Possible,
};

export const DuplicateRuleGraphQL = enumValues(DuplicateRule);
export const DuplicateCertaintyGraphQL = enumValues(DuplicateCertainty);

registerEnumType(DuplicateRuleGraphQL, {
  name: 'DuplicateRule',
  description:
    'SAME_ID_NUMBER (CERTAIN): the same ID number. SAME_NAME_PHONE (LIKELY): the same name and a phone in common. SAME_NAME_BIRTH_HOMETOWN (POSSIBLE): the same name, birth date and hometown county.',
});
registerEnumType(DuplicateCertaintyGraphQL, { name: 'DuplicateCertainty', description: 'How sure a rule is that the members of a group are one person.' });

/** The most members a group lists (`size` counts them all); a merge takes at most 10. */
export const MAX_GROUP_MEMBERS = 50;

@ObjectType('DuplicateGroup', { description: 'Members that one rule says are probably the same person.' })
export class DuplicateGroupDto {
  @Field(() => DuplicateRuleGraphQL)
  rule!: DuplicateRule;

  @Field(() => DuplicateCertaintyGraphQL)
  certainty!: DuplicateCertainty;

  @Field({
    description:
      'Identifies the group: a keyed hash of what its members share (never the values themselves), the same for every caller and scope as long as the values do not change.',
  })
  key!: string;

  @Field(() => Int, { description: `How many members (non-merged, visible to you) share it; \`members\` lists at most ${MAX_GROUP_MEMBERS}.` })
  size!: number;

  @Field(() => [MemberDto], { description: 'The members, oldest registration first; personal data masked as everywhere.' })
  members!: MemberDto[];
}

export const DuplicateGroupConnection = Connection(DuplicateGroupDto, 'DuplicateGroup');

/** The most candidates `memberDuplicateCandidates` returns (strongest rule first). */
export const MAX_DUPLICATE_CANDIDATES = 20;

@ObjectType('MemberDuplicateCandidate', { description: 'An existing member who may be the person about to be registered, and the strongest rule that says so.' })
export class DuplicateCandidateDto {
  @Field(() => DuplicateRuleGraphQL)
  rule!: DuplicateRule;

  @Field(() => DuplicateCertaintyGraphQL)
  certainty!: DuplicateCertainty;

  @Field(() => MemberDto, { description: 'Personal data masked as everywhere.' })
  member!: MemberDto;
}
