import { Injectable } from '@nestjs/common';
import { Permission, ScopedEntity } from '@crm/auth';

export enum ChangeType {
  Created = 'CREATED',
  Updated = 'UPDATED',
  /** A duplicate merged into another record: `survivorId` names the one that remains. */
  Merged = 'MERGED',
  Removed = 'REMOVED',
}

/**
 * A change feed: the `kind` its table's triggers write into change_log, the row scope its records
 * are read under, and the permission (an API key's scope) that reads it. Webhook event types are
 * `<kind>.<change in lower case>` (`member.updated`).
 */
export interface FeedDefinition {
  kind: string;
  entity: ScopedEntity;
  table: string;
  permission: Permission;
}

/**
 * The feeds this process serves. Integrations registers members, chambers and party members; a
 * module that adds a feed (investment's `projectChanges`) registers its own at start-up, adds
 * the change_log triggers on its table in its migration, and a query that calls
 * ChangeFeedService.page (see docs/integrations.md).
 */
@Injectable()
export class FeedRegistry {
  private readonly feeds = new Map<string, FeedDefinition>();

  register(feed: FeedDefinition): void {
    if (this.feeds.has(feed.kind)) throw new Error(`Change feed ${feed.kind} registered twice`);
    this.feeds.set(feed.kind, feed);
  }

  get(kind: string): FeedDefinition | undefined {
    return this.feeds.get(kind);
  }

  all(): FeedDefinition[] {
    return [...this.feeds.values()];
  }
}
