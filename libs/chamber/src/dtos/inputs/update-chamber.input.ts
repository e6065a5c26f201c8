import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { ChamberNameRules, OptionalEmail, OptionalPhone, OptionalText } from './chamber-contact.fields';

/**
 * Everyday edits. Level, kind and region change through `convertChamber` (转), status
 * through the lifecycle mutations, so each leaves its event in the history.
 */
@InputType('UpdateChamberInput')
export class UpdateChamberInput {
  @Field(() => Int, { description: 'The version you read; if the chamber changed since, CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field({ nullable: true })
  @IsOptional()
  @ChamberNameRules('name')
  name?: string;

  @Field({ nullable: true })
  @OptionalText('shortName', 40)
  shortName?: string;

  @Field(() => ID, { nullable: true, description: 'Move the chamber under another parent; null moves it to the top (administrators only).' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId must be an id (UUID)' })
  parentId?: string | null;

  @Field({ nullable: true })
  @OptionalText('address', 200)
  address?: string;

  @Field({ nullable: true })
  @OptionalPhone()
  phone?: string;

  @Field({ nullable: true })
  @OptionalEmail()
  email?: string;

  @Field({ nullable: true })
  @OptionalText('contactPerson', 50)
  contactPerson?: string;
}
