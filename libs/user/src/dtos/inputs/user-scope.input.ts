import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';

@InputType('UserScopeInput', { description: 'Set exactly the field the role needs; leave the others out.' })
export class UserScopeInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 county code' })
  countyCode?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'chamberId must be an id (UUID)' })
  chamberId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'partyCommitteeId must be an id (UUID)' })
  partyCommitteeId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'officialId must be an id (UUID)' })
  officialId?: string | null;
}
