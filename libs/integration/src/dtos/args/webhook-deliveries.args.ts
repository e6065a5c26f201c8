import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { ConnectionArgs } from '@crm/shared';
import { WebhookDeliveryStatus } from '../../entities/webhook-delivery.entity';
import { WebhookDeliveryStatusGraphQL } from '../integration-enums.graphql';

@ArgsType()
export class WebhookDeliveriesArgs extends ConnectionArgs {
  @Field(() => ID)
  @IsUUID()
  subscriptionId!: string;

  @Field(() => WebhookDeliveryStatusGraphQL, { nullable: true })
  @IsOptional() @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}
