import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { CampaignEntity } from '../entities/campaign.entity';

@ObjectType('Campaign', { description: 'A campaign (活动), e.g. 温商之春: groups led by officials visit the people assigned to them.' })
export class CampaignDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  startsOn!: string;

  @Field()
  endsOn!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Int)
  version!: number;

  static from(this: void, c: CampaignEntity): CampaignDto {
    return { id: c.id, name: c.name, startsOn: c.startsOn, endsOn: c.endsOn, description: c.description, version: c.version };
  }
}

@ObjectType('CampaignProgressCount', { description: 'Visited / assigned.' })
export class ProgressCountDto {
  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  visited!: number;

  @Field(() => Float, { description: 'visited / assigned, 0 when nothing is assigned.' })
  share!: number;
}

@ObjectType('CampaignGroup')
export class CampaignGroupDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  countyCode!: string | null;

  leaderIds!: string[];

  @Field(() => ProgressCountDto)
  progress!: ProgressCountDto;
}

@ObjectType('CampaignProgress', { description: 'A campaign\'s progress per group and overall, in one statement.' })
export class CampaignProgressDto {
  @Field(() => ProgressCountDto)
  overall!: ProgressCountDto;

  @Field(() => [CampaignGroupDto], { description: 'Groups by name.' })
  groups!: CampaignGroupDto[];
}

@ObjectType('CampaignAssignment', { description: 'A person or chamber a group is to visit.' })
export class CampaignAssignmentDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  groupId!: string;

  @Field(() => ID, { nullable: true })
  memberId!: string | null;

  @Field(() => ID, { nullable: true })
  chamberId!: string | null;

  @Field(() => String, { nullable: true, description: 'A person outside the information base, by name (member and chamber are fields).' })
  personName!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => ID, { nullable: true, description: 'The visit that completed it; null while not reached.' })
  visitId!: string | null;

  @Field(() => String, { nullable: true })
  visitedOn!: string | null;
}

export function share(visited: number, assigned: number): number {
  return assigned ? Math.round((visited / assigned) * 10000) / 10000 : 0;
}
