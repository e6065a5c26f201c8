import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { GuildHallStatus } from '../../entities/chamber.enums';
import { GuildHallStatusGraphQL } from '../chamber-enums.graphql';
import { OptionalText } from './chamber-contact.fields';

/**
 * Creates the chamber's guild hall or changes it. On a change, omitted fields stay and null
 * clears one. The dates must fit the status (a hall under construction has its start date and
 * no completion) and follow each other: planned ≤ started ≤ basically complete ≤ complete.
 */
@InputType('SetGuildHallInput')
export class SetGuildHallInput {
  @Field(() => Int, { nullable: true, description: 'The version of the hall you read; omit only to create the hall.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @Field(() => String, { nullable: true, description: 'e.g. 上海温州会馆.' })
  @OptionalText('name', 100)
  name?: string | null;

  @Field(() => GuildHallStatusGraphQL, { description: '规划, 在建, 基本建成, 建成.' })
  @IsEnum(GuildHallStatus)
  status!: GuildHallStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  plannedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for UNDER_CONSTRUCTION; may stay empty at later stages if unknown.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  constructionStartedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for BASICALLY_COMPLETE.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  basicallyCompletedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for COMPLETE.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  completedOn?: string | null;
}
