import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { WebhookDeliveriesArgs } from '../dtos/args/webhook-deliveries.args';
import { CreateWebhookSubscriptionInput } from '../dtos/inputs/webhook.inputs';
import {
  CreatedWebhookSubscriptionDto,
  WebhookDeliveryConnection,
  WebhookDeliveryDto,
  WebhookSubscriptionConnection,
  WebhookSubscriptionDto,
} from '../dtos/webhook.dto';
import { WebhookService } from '../services/webhook.service';

@Resolver(() => WebhookSubscriptionDto)
export class WebhookResolver {
  constructor(private readonly webhooks: WebhookService) {}

  @Query(() => WebhookSubscriptionConnection, { nullable: true, description: 'Your key\'s webhook subscriptions (admins: every key\'s).' })
  @RequirePermission(Permission.WebhookManage)
  webhookSubscriptions(@CurrentUser() caller: Caller, @Args() args: ConnectionArgs): Promise<ConnectionResult<WebhookSubscriptionDto>> {
    return this.webhooks.list(caller, args);
  }

  @Query(() => WebhookDeliveryConnection, { nullable: true, description: 'The delivery log of a subscription, newest first: status, response code, timing.' })
  @RequirePermission(Permission.WebhookManage)
  webhookDeliveries(@CurrentUser() caller: Caller, @Args() args: WebhookDeliveriesArgs): Promise<ConnectionResult<WebhookDeliveryDto>> {
    return this.webhooks.deliveries(caller, args.subscriptionId, args);
  }

  @Mutation(() => CreatedWebhookSubscriptionDto, { description: 'Subscribe a URL to event types (called with the key). The signing secret is shown this once.' })
  @RequirePermission(Permission.WebhookManage)
  createWebhookSubscription(@CurrentUser() caller: Caller, @Args('input') input: CreateWebhookSubscriptionInput): Promise<CreatedWebhookSubscriptionDto> {
    return this.webhooks.create(caller, input);
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.WebhookManage)
  deleteWebhookSubscription(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<boolean> {
    return this.webhooks.remove(caller, id);
  }

  @Mutation(() => WebhookSubscriptionDto, { description: 'Turn a subscription disabled after repeated failures back on.' })
  @RequirePermission(Permission.WebhookManage)
  enableWebhookSubscription(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<WebhookSubscriptionDto> {
    return this.webhooks.enable(caller, id);
  }

  @Mutation(() => WebhookDeliveryDto, { description: 'Queue a signed `webhook.ping` to the subscription\'s URL.' })
  @RequirePermission(Permission.WebhookManage)
  pingWebhook(@CurrentUser() caller: Caller, @Args('subscriptionId', { type: () => ID }, ParseIdPipe) id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.ping(caller, id);
  }

  @Mutation(() => WebhookDeliveryDto, { description: 'Send a delivery again (same webhook-id), with a fresh day of retries.' })
  @RequirePermission(Permission.WebhookManage)
  redeliverWebhook(@CurrentUser() caller: Caller, @Args('deliveryId', { type: () => ID }, ParseIdPipe) id: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(caller, id);
  }
}
