import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { OptionalCounty, OptionalText, RequiredText } from '../visit-fields';

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field({ description: 'e.g. 温商之春 2014.' })
  @RequiredText('name', 2, 100)
  name!: string;

  @Field()
  @IsCalendarDate()
  startsOn!: string;

  @Field()
  @IsCalendarDate()
  endsOn!: string;

  @Field({ nullable: true })
  @OptionalText('description', 2000)
  description?: string;
}

@InputType('AddCampaignGroupInput')
export class AddCampaignGroupInput {
  @Field({ description: 'e.g. 第12慰问组.' })
  @RequiredText('name', 1, 100)
  name!: string;

  @Field({ nullable: true, description: 'The county that forms the group.' })
  @OptionalCounty()
  countyCode?: string;

  @Field(() => [ID], { description: 'The officials who lead the group (one or more).' })
  @IsArray()
  @ArrayMinSize(1, { message: 'leaderIds must name at least one official' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'leaderIds must be ids (UUID)' })
  leaderIds!: string[];
}

@InputType('CampaignAssignmentInput')
export class CampaignAssignmentInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'groupId must be an id (UUID)' })
  groupId!: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field({ nullable: true, description: 'A person outside the information base (a relative), by name.' })
  @OptionalText('personName', 100)
  personName?: string;

  @Field({ nullable: true, description: 'e.g. 功勋人物家属.' })
  @OptionalText('note', 200)
  note?: string;
}

@InputType('AddCampaignAssignmentsInput')
export class AddCampaignAssignmentsInput {
  @Field(() => [CampaignAssignmentInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => CampaignAssignmentInput)
  assignments!: CampaignAssignmentInput[];
}
