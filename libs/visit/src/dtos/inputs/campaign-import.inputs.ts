import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsUUID, Min } from 'class-validator';

@InputType('CommitCampaignImportInput')
export class CommitCampaignImportInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => Int, { description: 'The version of the import you read.' })
  @IsInt()
  @Min(1)
  version!: number;
}

@InputType('CancelCampaignImportInput')
export class CancelCampaignImportInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an import id (UUID)' })
  id!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;
}
