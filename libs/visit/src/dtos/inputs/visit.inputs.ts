import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, MaxLength } from '@crm/shared';
import { VisitDirection, VisitKind } from '../../entities/visit.enums';
import { VisitDirectionGraphQL, VisitKindGraphQL } from '../visit-enums.graphql';
import { NO_CONTROL_CHARACTERS, OptionalLongText, OptionalText, RequiredText } from '../visit-fields';

@InputType('VisitOfficialInput')
export class VisitOfficialInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'officialId must be an id (UUID)' })
  officialId!: string;

  @Field({ defaultValue: false, description: 'The one official who led the visit.' })
  @IsBoolean()
  leads: boolean = false;
}

@InputType('CreateVisitInput')
export class CreateVisitInput {
  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  @IsCalendarDate()
  visitedOn!: string;

  @Field(() => VisitKindGraphQL)
  @IsEnum(VisitKind)
  kind!: VisitKind;

  @Field(() => VisitDirectionGraphQL)
  @IsEnum(VisitDirection)
  direction!: VisitDirection;

  @Field()
  @RequiredText('place', 1, 200)
  place!: string;

  @Field({ nullable: true })
  @OptionalLongText('summary', 5000)
  summary?: string;

  @Field(() => [String], { nullable: true, description: 'Follow-ups agreed, one per entry.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true, message: 'followUps must be texts' })
  @MaxLength(500, { each: true, message: 'followUps must be at most 500 characters each' })
  @Matches(NO_CONTROL_CHARACTERS, { each: true, message: 'followUps must not contain control characters' })
  followUps?: string[];

  @Field(() => [VisitOfficialInput], { description: 'The officials who went; exactly one leads.' })
  @IsArray()
  @ArrayMinSize(1, { message: 'officials must list at least one official' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VisitOfficialInput)
  officials!: VisitOfficialInput[];

  @Field(() => [ID], { nullable: true, description: 'Chambers met.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'chamberIds must be ids (UUID)' })
  chamberIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Members met.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'memberIds must be ids (UUID)' })
  memberIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Enterprises visited.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'enterpriseIds must be ids (UUID)' })
  enterpriseIds?: string[];

  @Field(() => ID, { nullable: true, description: 'The campaign assignment this visit completes.' })
  @IsOptional()
  @IsUUID('all', { message: 'assignmentId must be an id (UUID)' })
  assignmentId?: string;
}

@InputType('UpdateVisitInput')
export class UpdateVisitInput {
  @Field(() => Int, { description: 'The version read; a stale one answers CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsCalendarDate()
  visitedOn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @RequiredText('place', 1, 200)
  place?: string;

  @Field({ nullable: true })
  @OptionalLongText('summary', 5000)
  summary?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true, message: 'followUps must be texts' })
  @MaxLength(500, { each: true, message: 'followUps must be at most 500 characters each' })
  @Matches(NO_CONTROL_CHARACTERS, { each: true, message: 'followUps must not contain control characters' })
  followUps?: string[];

  @Field(() => [VisitOfficialInput], { nullable: true, description: 'Replaces the officials; exactly one leads.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'officials must list at least one official' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VisitOfficialInput)
  officials?: VisitOfficialInput[];

  @Field(() => [ID], { nullable: true, description: 'Replaces the chambers met.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'chamberIds must be ids (UUID)' })
  chamberIds?: string[];

  @Field(() => [ID], { nullable: true, description: 'Replaces the members met.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'memberIds must be ids (UUID)' })
  memberIds?: string[];
}
