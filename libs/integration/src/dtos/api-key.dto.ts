import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@crm/shared';
import { ApiKeyEntity, ApiKeyScope } from '../entities/api-key.entity';
import { ApiKeyScopeGraphQL } from './integration-enums.graphql';

@ObjectType('ApiKey', { description: 'A machine client\'s key. The secret is shown once, at creation; this is what is kept of it.' })
export class ApiKeyDto {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The visible part: keys read `crm_<prefix>_…`.' })
  prefix!: string;

  @Field(() => [ApiKeyScopeGraphQL])
  scopes!: ApiKeyScope[];

  @Field(() => ID, { nullable: true, description: 'Restricted to this chamber and the chambers below it.' })
  chamberId!: string | null;

  @Field(() => String, { nullable: true, description: 'Restricted to members and party members of this county (GB/T 2260).' })
  countyCode!: string | null;

  @Field(() => Int)
  rateLimitPerMinute!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(this: void, e: ApiKeyEntity): ApiKeyDto {
    return {
      id: e.id,
      name: e.name,
      prefix: e.prefix,
      scopes: e.scopes,
      chamberId: e.chamberId,
      countyCode: e.countyCode,
      rateLimitPerMinute: e.rateLimitPerMinute,
      expiresAt: e.expiresAt,
      lastUsedAt: e.lastUsedAt,
      revokedAt: e.revokedAt,
      createdAt: e.createdAt,
    };
  }
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyDto {
  @Field(() => ApiKeyDto)
  apiKey!: ApiKeyDto;

  @Field({ description: 'The whole key, `crm_<prefix>_<secret>`. Shown this once: store it now; it cannot be read again.' })
  key!: string;
}

export const ApiKeyConnection = Connection(ApiKeyDto, 'ApiKey');
