import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { ChamberKind, ChamberLevel } from '../../entities/chamber.enums';
import { ChamberKindGraphQL, ChamberLevelGraphQL } from '../chamber-enums.graphql';
import { ChamberNameRules, OptionalText } from './chamber-contact.fields';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** What every lifecycle step carries: the version read, when it happened, and a note. */
@InputType({ isAbstract: true })
export abstract class ChamberStepInput {
  @Field(() => Int, { description: 'The version you read; if the chamber changed since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ description: 'When it happened (YYYY-MM-DD), not in the future nor before the founding.' })
  @IsCalendarDate({ notFuture: true })
  on!: string;

  @Field({ nullable: true, description: 'Kept in the history event (e.g. the document number of the decision).' })
  @OptionalText('note', 500)
  note?: string;
}

@InputType('FoundChamberInput', { description: '成立: a chamber in preparation is founded.' })
export class FoundChamberInput {
  @Field(() => Int, { description: 'The version you read; if the chamber changed since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ description: 'Founding date (YYYY-MM-DD), not in the future.' })
  @IsCalendarDate({ notFuture: true })
  foundedOn!: string;

  @Field({ nullable: true })
  @OptionalText('note', 500)
  note?: string;
}

@InputType('ConvertChamberInput', { description: '转: the same chamber under a new name, kind, level or region. Give at least one change.' })
export class ConvertChamberInput extends ChamberStepInput {
  @Field({ nullable: true })
  @IsOptional()
  @ChamberNameRules('name')
  name?: string;

  @Field(() => ChamberKindGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(ChamberKind)
  kind?: ChamberKind;

  @Field(() => ChamberLevelGraphQL, { nullable: true })
  @IsOptional()
  @IsEnum(ChamberLevel)
  level?: ChamberLevel;

  @Field({ nullable: true, description: 'GB/T 2260 code at the tier of the (new) level.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  regionCode?: string;
}

@InputType('MergeChamberInput', { description: '并: this chamber is merged into a surviving one.' })
export class MergeChamberInput extends ChamberStepInput {
  @Field(() => ID, { description: 'The surviving chamber.' })
  @Transform(lowerCase)
  @IsUUID('all', { message: 'intoId must be an id (UUID)' })
  intoId!: string;
}

@InputType('AllyChambersInput', { description: '联: two chambers ally; the event is written on both.' })
export class AllyChambersInput extends ChamberStepInput {
  @Field(() => ID, { description: 'The other chamber.' })
  @Transform(lowerCase)
  @IsUUID('all', { message: 'withId must be an id (UUID)' })
  withId!: string;
}

@InputType('DualBrandChamberInput', { description: '增挂牌子: an existing local chamber also carries the home city\'s name.' })
export class DualBrandChamberInput extends ChamberStepInput {}

@InputType('DissolveChamberInput', { description: '撤销: refused while the chamber has chambers in preparation or active below it.' })
export class DissolveChamberInput extends ChamberStepInput {}
