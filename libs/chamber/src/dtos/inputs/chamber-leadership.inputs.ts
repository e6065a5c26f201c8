import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { HasNoControlCharacters, IsCalendarDate, MaxLength } from '@crm/shared';
import { PositionType } from '../../entities/chamber.enums';
import { PositionTypeGraphQL } from '../chamber-enums.graphql';
import { OptionalText } from './chamber-contact.fields';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** A holder's name: 1–50 characters, trimmed, no control characters. */
function HolderNameRules(): PropertyDecorator {
  return applyDecorators(
    Transform(trim),
    IsString(),
    MinLength(1, { message: 'holderName must not be empty' }),
    MaxLength(50, { message: 'holderName must be at most 50 characters' }),
    HasNoControlCharacters('holderName'),
  );
}

/** Applies the rules when the field is given; an explicit null is refused (the field cannot be cleared). */
const IfGiven = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

@InputType('StartChamberTermInput', { description: 'Records a term (届): a past one with its end, or the running one without.' })
export class StartChamberTermInput {
  @Field(() => Int, { description: '第 N 届.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  number!: number;

  @Field({ description: 'First day of the term (YYYY-MM-DD).' })
  @IsCalendarDate({ notFuture: true })
  startsOn!: string;

  @Field({ nullable: true, description: 'Exclusive end (the day the next term began); omit for the running term.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  endsOn?: string;
}

@InputType('ChamberPositionInput', { description: 'A position to add to a term.' })
export class ChamberPositionInput {
  @Field(() => PositionTypeGraphQL)
  @IsEnum(PositionType)
  position!: PositionType;

  @Field()
  @HolderNameRules()
  holderName!: string;

  @Field(() => ID, { nullable: true, description: 'The holder in the member information base.' })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId?: string;

  @Field({ nullable: true, description: 'When the holder took the position, if after the start of the term.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  startsOn?: string;

  @Field({ nullable: true, description: 'Exclusive end, if the holder left before the end of the term.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  endsOn?: string;

  @Field(() => Int, { defaultValue: 0, description: 'Order among holders of the same position.' })
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder: number = 0;
}

@InputType('UpdateChamberPositionInput', { description: 'Changes a position; omitted fields stay, null clears an optional one.' })
export class UpdateChamberPositionInput {
  @Field(() => PositionTypeGraphQL, { nullable: true })
  @IfGiven()
  @IsEnum(PositionType)
  position?: PositionType;

  @Field({ nullable: true })
  @IfGiven()
  @HolderNameRules()
  holderName?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'memberId must be an id (UUID)' })
  memberId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  startsOn?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  endsOn?: string | null;

  @Field(() => Int, { nullable: true })
  @IfGiven()
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder?: number;
}

@InputType('ReElectChamberInput', { description: '换届: closes the running term on `on` and opens the next one.' })
export class ReElectChamberInput {
  @Field(() => Int, { description: 'The version of the chamber you read; if it changed since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ description: 'Election day (YYYY-MM-DD): the running term ends and the new one starts.' })
  @IsCalendarDate({ notFuture: true })
  on!: string;

  @Field(() => Int, { nullable: true, description: 'Number of the new term; by default one more than the last.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  number?: number;

  @Field(() => [ChamberPositionInput], { nullable: true, description: 'The leadership elected.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => ChamberPositionInput)
  positions?: ChamberPositionInput[];

  @Field({ nullable: true })
  @OptionalText('note', 500)
  note?: string;
}
