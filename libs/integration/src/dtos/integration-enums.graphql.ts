import { registerEnumType } from '@nestjs/graphql';
import { ApiKeyScope } from '../entities/api-key.entity';
import { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { ChangeType } from '../services/feed-registry';
import { enumValues } from '@crm/shared';

/** GraphQL names (MEMBERS_READ) for the scopes, whose values are the documented `members:read` strings. */
export const ApiKeyScopeGraphQL = {
  MEMBERS_READ: ApiKeyScope.MembersRead,
  MEMBERS_PERSONAL_DATA: ApiKeyScope.MembersPersonalData,
  CHAMBERS_READ: ApiKeyScope.ChambersRead,
  PARTY_READ: ApiKeyScope.PartyRead,
  VISITS_READ: ApiKeyScope.VisitsRead,
  PROJECTS_READ: ApiKeyScope.ProjectsRead,
  WEBHOOKS_MANAGE: ApiKeyScope.WebhooksManage,
} as const;
export const WebhookDeliveryStatusGraphQL = enumValues(WebhookDeliveryStatus);
export const ChangeTypeGraphQL = enumValues(ChangeType);

registerEnumType(ApiKeyScopeGraphQL, {
  name: 'ApiKeyScope',
  description: 'members:read, members:personal-data (ID numbers and phones in clear, audited), chambers:read, party:read, visits:read, projects:read, webhooks:manage.',
});
registerEnumType(WebhookDeliveryStatusGraphQL, { name: 'WebhookDeliveryStatus', description: 'PENDING (queued or retrying), DELIVERED, FAILED (retried for a day).' });
registerEnumType(ChangeTypeGraphQL, { name: 'ChangeType', description: 'CREATED, UPDATED, MERGED (see survivorId), REMOVED.' });
