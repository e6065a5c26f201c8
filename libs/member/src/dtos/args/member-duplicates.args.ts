import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '@crm/shared';
import { DuplicateRule, DuplicateRuleGraphQL } from '../member-duplicates.dto';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Narrows the search; always within your own scope. Both given: members matching both. */
@InputType('MemberDuplicateScope')
export class MemberDuplicateScopeInput {
  @Field(() => ID, { nullable: true, description: 'Members with a current membership in this chamber or any chamber below it.' })
  @IsOptional()
  @Transform(lowerCase)
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string;

  @Field({ nullable: true, description: 'Members whose hometown (籍贯) is this county of the home city.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit region code' })
  countyCode?: string;
}

@ArgsType()
export class MemberDuplicatesArgs extends ConnectionArgs {
  @Field(() => MemberDuplicateScopeInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MemberDuplicateScopeInput)
  scope?: MemberDuplicateScopeInput;

  @Field(() => DuplicateRuleGraphQL, { nullable: true, description: 'One rule; by default all of them.' })
  @IsOptional()
  @IsEnum(DuplicateRule)
  rule?: DuplicateRule;
}
