import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength } from 'class-validator';
import { HasNoControlCharacters, MaxLength } from '@crm/shared';
import { ApiKeyScope } from '../../entities/api-key.entity';
import { ApiKeyScopeGraphQL } from '../integration-enums.graphql';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Who the key is for (温商信息服务平台, 瑞安市数据平台 …).' })
  // Trimmed first: a blank name is refused here (BAD_USER_INPUT on input.name), not by the table's check.
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(100) @HasNoControlCharacters('name')
  name!: string;

  @Field(() => [ApiKeyScopeGraphQL])
  @ArrayMinSize(1) @ArrayMaxSize(7) @IsEnum(ApiKeyScope, { each: true })
  scopes!: ApiKeyScope[];

  @Field(() => ID, { nullable: true, description: 'Restrict the key to this chamber and the chambers below it.' })
  @IsOptional() @IsUUID()
  chamberId?: string | null;

  @Field(() => String, { nullable: true, description: 'Restrict the key to one county (GB/T 2260 county code).' })
  @IsOptional() @Matches(/^\d{6}$/)
  countyCode?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate()
  expiresAt?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Requests per minute (default API_KEY_RATE_PER_MINUTE).' })
  @IsOptional() @IsInt() @Min(1) @Max(100000)
  rateLimitPerMinute?: number | null;
}
