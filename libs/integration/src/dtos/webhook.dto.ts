import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@crm/shared';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../entities/webhook-subscription.entity';
import { WebhookDeliveryStatusGraphQL } from './integration-enums.graphql';

@ObjectType('WebhookSubscription')
export class WebhookSubscriptionDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  apiKeyId!: string;

  @Field()
  url!: string;

  @Field(() => [String], { description: '`member.updated`, `member.*`, `chamber.merged`, `partyMember.*` …' })
  eventTypes!: string[];

  @Field({ description: 'False once deliveries failed WEBHOOK_DISABLE_AFTER_FAILURES times in a row.' })
  active!: boolean;

  @Field(() => Int)
  consecutiveFailures!: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  static from(this: void, e: WebhookSubscriptionEntity): WebhookSubscriptionDto {
    return {
      id: e.id,
      apiKeyId: e.apiKeyId,
      url: e.url,
      eventTypes: e.eventTypes,
      active: e.active,
      consecutiveFailures: e.consecutiveFailures,
      disabledAt: e.disabledAt,
      createdAt: e.createdAt,
    };
  }
}

@ObjectType('CreatedWebhookSubscription')
export class CreatedWebhookSubscriptionDto {
  @Field(() => WebhookSubscriptionDto)
  subscription!: WebhookSubscriptionDto;

  @Field({ description: 'The signing secret (`whsec_…`), shown this once.' })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One notice to one subscription; its id is the `webhook-id` header of every attempt.' })
export class WebhookDeliveryDto {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  subscriptionId!: string;

  @Field()
  eventType!: string;

  @Field({ description: 'The JSON body sent (ids and change types only).' })
  payload!: string;

  @Field(() => WebhookDeliveryStatusGraphQL)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => GraphQLISODateTime)
  nextAttemptAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt (null: no answer).' })
  lastStatusCode!: number | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  lastDurationMs!: number | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deliveredAt!: Date | null;

  static from(this: void, e: WebhookDeliveryEntity): WebhookDeliveryDto {
    return {
      id: e.id,
      subscriptionId: e.subscriptionId,
      eventType: e.eventType,
      payload: JSON.stringify(e.payload),
      status: e.status,
      attempts: e.attempts,
      nextAttemptAt: e.nextAttemptAt,
      lastStatusCode: e.lastStatusCode,
      lastDurationMs: e.lastDurationMs,
      lastError: e.lastError,
      createdAt: e.createdAt,
      deliveredAt: e.deliveredAt,
    };
  }
}

export const WebhookSubscriptionConnection = Connection(WebhookSubscriptionDto, 'WebhookSubscription');
export const WebhookDeliveryConnection = Connection(WebhookDeliveryDto, 'WebhookDelivery');
