import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsUUID, Min } from 'class-validator';
import { MemberImportMode } from '../../entities/member-import.enums';
import { MemberImportModeGraphQL } from '../member-import.dto';

@InputType('CommitMemberImportInput')
export class CommitMemberImportInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => MemberImportModeGraphQL, { description: 'SKIP leaves matched members alone; UPDATE overwrites with the non-empty cells; FILL_EMPTY fills only their empty fields.' })
  @IsEnum(MemberImportMode)
  mode!: MemberImportMode;

  @Field(() => Int, { description: 'The version of the import you read.' })
  @IsInt()
  @Min(1)
  version!: number;
}

@InputType('CancelMemberImportInput')
export class CancelMemberImportInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;
}
