import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Permission } from '@crm/auth';
import { AuditModule } from '@crm/audit';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { PartyModule } from '@crm/party';
import { RegionModule } from '@crm/region';
import { ApiKeyScope } from './access/api-key.scope';
import { WebhookSubscriptionScope } from './access/webhook-subscription.scope';
import { ApiKeyEntity } from './entities/api-key.entity';
import { WebhookDeliveryEntity } from './entities/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './entities/webhook-subscription.entity';
import { ApiKeyResolver } from './resolvers/api-key.resolver';
import { ChangeFeedResolver } from './resolvers/change-feed.resolver';
import { WebhookResolver } from './resolvers/webhook.resolver';
import { ApiKeyService } from './services/api-key.service';
import { ChangeLogCompactor } from './services/change-log-compactor';
import { ChangeFeedService } from './services/change-feed.service';
import { FeedRegistry } from './services/feed-registry';
import { WebhookDispatcher } from './services/webhook-dispatcher';
import { WebhookEvents } from './services/webhook-events';
import { WebhookService } from './services/webhook.service';
// The catalogue registers the library's reasons and entity names.
import './exceptions/integration.errors';
import './dtos/integration-enums.graphql';

/** API keys, change feeds and signed webhooks (issue 17; docs/integrations.md). */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity]), AuditModule, RegionModule, ChamberModule, MemberModule, PartyModule],
  providers: [
    ApiKeyScope,
    WebhookSubscriptionScope,
    FeedRegistry,
    ApiKeyService,
    ChangeFeedService,
    ChangeLogCompactor,
    WebhookEvents,
    WebhookService,
    WebhookDispatcher,
    ApiKeyResolver,
    ChangeFeedResolver,
    WebhookResolver,
  ],
  exports: [FeedRegistry, ChangeFeedService, WebhookEvents],
})
export class IntegrationModule implements OnModuleInit {
  constructor(private readonly feeds: FeedRegistry) {}

  onModuleInit(): void {
    this.feeds.register({ kind: 'member', entity: 'Member', table: 'member', permission: Permission.MemberRead });
    this.feeds.register({ kind: 'chamber', entity: 'Chamber', table: 'chamber', permission: Permission.ChamberRead });
    this.feeds.register({ kind: 'partyMember', entity: 'PartyMember', table: 'party_member', permission: Permission.PartyRead });
  }
}
