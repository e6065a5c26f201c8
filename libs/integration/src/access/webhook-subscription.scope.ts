import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';

/**
 * Webhook subscriptions (and their deliveries): a key reaches its own; admins (people) reach
 * every one, to follow up a disabled subscription or redeliver.
 */
@Injectable()
export class WebhookSubscriptionScope implements RowScope {
  readonly entity = 'WebhookSubscription' as const;
  readonly table = 'webhook_subscription';

  constructor(access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.apiKeyId) return q.filter(`${q.col('api_key_id')} = ${q.param(caller.apiKeyId)}`);
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }

  write(caller: Caller, q: ScopeSql): RowFilter {
    return this.read(caller, q);
  }
}
