import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, callerHasPermission } from '@crm/auth';
import { AppConfig, ConnectionArgs, ConnectionResult, keysetPage, NotFoundError } from '@crm/shared';
import { CreateWebhookSubscriptionInput } from '../dtos/inputs/webhook.inputs';
import { CreatedWebhookSubscriptionDto, WebhookDeliveryDto, WebhookSubscriptionDto } from '../dtos/webhook.dto';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../entities/webhook-subscription.entity';
import { IntegrationErrors } from '../exceptions/integration.errors';
import { newWebhookSecret } from '../utils/webhook-signature';
import { assertWebhookTarget } from '../utils/webhook-target';
import { FeedRegistry } from './feed-registry';
import { WebhookEvents } from './webhook-events';

const FEED_CHANGES = ['created', 'updated', 'merged', 'removed', '*'];

/**
 * Webhook subscriptions of a key: made, listed, removed, pinged; their deliveries listed and
 * redelivered. Sending is the dispatcher's (WebhookDispatcher).
 */
@Injectable()
export class WebhookService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly feeds: FeedRegistry,
    private readonly events: WebhookEvents,
    private readonly config: AppConfig,
  ) {}

  async create(caller: Caller, input: CreateWebhookSubscriptionInput): Promise<CreatedWebhookSubscriptionDto> {
    if (!caller.apiKeyId) throw IntegrationErrors.WEBHOOKS_NEED_KEY();
    const eventTypes = [...new Set(input.eventTypes)];
    eventTypes.forEach((type, i) => this.assertEventType(caller, type, `input.eventTypes.${i}`));
    const url = await assertWebhookTarget(input.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    const secret = newWebhookSecret();
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(WebhookSubscriptionEntity);
      const saved = await repo.save(repo.create({ apiKeyId: caller.apiKeyId as string, url: url.toString(), eventTypes, secret }));
      await this.audit.record(em, { operation: 'webhookSubscription.create', entityType: 'WebhookSubscription', entityId: saved.id, after: { url: saved.url, eventTypes: eventTypes.join(',') } });
      return { subscription: WebhookSubscriptionDto.from(saved), secret };
    });
  }

  list(caller: Caller, args: ConnectionArgs): Promise<ConnectionResult<WebhookSubscriptionDto>> {
    const qb = this.dataSource.getRepository(WebhookSubscriptionEntity).createQueryBuilder('s');
    const scope = this.access.read('WebhookSubscription', caller, 's');
    qb.where(scope.sql, scope.params);
    return keysetPage(qb, { keys: ['s.created_at', 's.id'], direction: 'ASC', first: args.first, after: args.after }, WebhookSubscriptionDto.from);
  }

  async remove(caller: Caller, id: string): Promise<boolean> {
    const sub = await this.writable(caller, id);
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(WebhookSubscriptionEntity).delete({ id: sub.id });
      await this.audit.record(em, { operation: 'webhookSubscription.delete', entityType: 'WebhookSubscription', entityId: id, before: { url: sub.url } });
    });
    return true;
  }

  /** Turns a subscription disabled after failures back on (its pending deliveries resume). */
  async enable(caller: Caller, id: string): Promise<WebhookSubscriptionDto> {
    const sub = await this.writable(caller, id);
    return this.dataSource.transaction(async (em) => {
      await em.query(`UPDATE webhook_subscription SET active = true, disabled_at = NULL, consecutive_failures = 0, version = version + 1 WHERE id = $1`, [sub.id]);
      await this.audit.record(em, { operation: 'webhookSubscription.enable', entityType: 'WebhookSubscription', entityId: id, before: { active: sub.active }, after: { active: true } });
      return WebhookSubscriptionDto.from(await em.getRepository(WebhookSubscriptionEntity).findOneByOrFail({ id: sub.id }));
    });
  }

  /** Queues a `webhook.ping` delivery (sent by the dispatcher like any other). */
  async ping(caller: Caller, id: string): Promise<WebhookDeliveryDto> {
    const sub = await this.writable(caller, id);
    if (!sub.active) throw IntegrationErrors.SUBSCRIPTION_DISABLED({}, { field: 'subscriptionId' });
    const repo = this.dataSource.getRepository(WebhookDeliveryEntity);
    const saved = await repo.save(
      repo.create({ subscriptionId: sub.id, changeId: null, eventType: 'webhook.ping', payload: { type: 'webhook.ping', timestamp: new Date().toISOString(), data: { subscriptionId: sub.id } }, nextAttemptAt: new Date() }),
    );
    return WebhookDeliveryDto.from(saved);
  }

  /** Sends a delivery again, now, with the same webhook-id (whatever its status). */
  async redeliver(caller: Caller, deliveryId: string): Promise<WebhookDeliveryDto> {
    const delivery = await this.dataSource.getRepository(WebhookDeliveryEntity).findOneBy({ id: deliveryId });
    if (!delivery) throw new NotFoundError('WebhookDelivery', deliveryId);
    const sub = await this.writable(caller, delivery.subscriptionId, 'deliveryId', () => new NotFoundError('WebhookDelivery', deliveryId));
    if (!sub.active) throw IntegrationErrors.SUBSCRIPTION_DISABLED({}, { field: 'deliveryId' });
    await this.dataSource.query(`UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now(), created_at = now() WHERE id = $1`, [deliveryId]);
    await this.audit.recordAlone({ operation: 'webhookDelivery.redeliver', entityType: 'WebhookDelivery', entityId: deliveryId });
    return WebhookDeliveryDto.from(await this.dataSource.getRepository(WebhookDeliveryEntity).findOneByOrFail({ id: deliveryId }));
  }

  async deliveries(caller: Caller, subscriptionId: string, args: ConnectionArgs & { status?: WebhookDeliveryStatus | null }): Promise<ConnectionResult<WebhookDeliveryDto>> {
    await this.readable(caller, subscriptionId);
    const qb = this.dataSource.getRepository(WebhookDeliveryEntity).createQueryBuilder('d').where('d.subscription_id = :subscriptionId', { subscriptionId });
    if (args.status) qb.andWhere('d.status = :status', { status: args.status });
    return keysetPage(qb, { keys: ['d.created_at', 'd.id'], direction: 'DESC', first: args.first, after: args.after }, WebhookDeliveryDto.from);
  }

  private assertEventType(caller: Caller, type: string, field: string): void {
    const [kind, change] = type.split('.');
    const feed = this.feeds.get(kind);
    if (feed) {
      if (!FEED_CHANGES.includes(change)) throw IntegrationErrors.WEBHOOK_EVENT_UNKNOWN({ type }, { field });
      if (!callerHasPermission(caller, feed.permission)) throw IntegrationErrors.WEBHOOK_EVENT_OUT_OF_SCOPE({ type }, { field });
      return;
    }
    if (!this.events.isDeclared(type)) throw IntegrationErrors.WEBHOOK_EVENT_UNKNOWN({ type }, { field });
  }

  private async readable(caller: Caller, id: string): Promise<WebhookSubscriptionEntity> {
    return this.scoped(caller, id, 'read', 'subscriptionId');
  }

  private async writable(caller: Caller, id: string, field = 'subscriptionId', notFound?: () => Error): Promise<WebhookSubscriptionEntity> {
    return this.scoped(caller, id, 'write', field, notFound);
  }

  private async scoped(caller: Caller, id: string, mode: 'read' | 'write', _field: string, notFound?: () => Error): Promise<WebhookSubscriptionEntity> {
    const qb = this.dataSource.getRepository(WebhookSubscriptionEntity).createQueryBuilder('s').where('s.id = :id', { id });
    const scope = this.access.filter('WebhookSubscription', mode, caller, 's');
    const sub = await qb.andWhere(scope.sql, scope.params).getOne();
    if (!sub) throw notFound?.() ?? new NotFoundError('WebhookSubscription', id);
    return sub;
  }
}
