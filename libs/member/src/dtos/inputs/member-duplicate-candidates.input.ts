import { Field, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@crm/shared';
import { IdNumberShape, PersonNameRules, PhonesShape, RegionCodeRules } from './member-fields';

/** What a registration form holds so far; the same fields and rules as CreateMemberInput. */
@InputType('MemberDuplicateCandidatesInput', {
  description: 'The member about to be registered: the name, and whatever else is known of phones, ID number, birth date and hometown.',
})
export class MemberDuplicateCandidatesInput {
  @Field()
  @PersonNameRules('name')
  name!: string;

  @Field(() => [String], { nullable: true, description: 'As CreateMemberInput.phones (normalised the same way before comparing).' })
  @IsOptional()
  @PhonesShape()
  phones?: string[];

  @Field({ nullable: true, description: '18-character resident ID number; a lower-case x is read as X.' })
  @IsOptional()
  @IdNumberShape()
  idNumber?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD; taken from the ID number when omitted.' })
  @IsOptional()
  @IsCalendarDate({ notFuture: true })
  birthDate?: string;

  @Field({ nullable: true, description: '籍贯: a county-level region of the home city.' })
  @IsOptional()
  @RegionCodeRules('hometownCode')
  hometownCode?: string;
}
