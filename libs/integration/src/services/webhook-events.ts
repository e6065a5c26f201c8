import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** `<kind>.<change>`: a kind in camelCase, a change in lower case (`notice.published`). */
const EVENT_TYPE = /^([a-z][a-zA-Z]*)\.([a-z_]+)$/;

/**
 * Events other modules publish to webhook subscribers, beside the change feeds' own
 * (`member.updated` …). A module declares its event types at start-up and publishes inside the
 * transaction of the change, so the notice goes out if and only if the change commits:
 *
 *   webhookEvents.declare('notice.published');
 *   await webhookEvents.publish('notice.published', [notice.id], em);
 *
 * Published events go through the change log and fan-out like any change (once per
 * subscription, signed, retried); their records have no row scope here, so only keys without
 * a chamber or county restriction receive them.
 */
@Injectable()
export class WebhookEvents {
  private readonly declared = new Set<string>();

  declare(type: string): void {
    if (!EVENT_TYPE.test(type)) throw new Error(`Webhook event type ${type} is not <kind>.<change>`);
    this.declared.add(type);
  }

  isDeclared(type: string): boolean {
    return this.declared.has(type);
  }

  declaredTypes(): string[] {
    return [...this.declared].sort();
  }

  async publish(type: string, ids: readonly string[], manager: EntityManager): Promise<void> {
    if (!this.declared.has(type)) throw new Error(`Webhook event type ${type} was not declared`);
    if (!ids.length) return;
    const [, kind, change] = EVENT_TYPE.exec(type) as RegExpExecArray;
    await manager.query(
      `INSERT INTO change_log (kind, change, record_id) SELECT $1, $2, id FROM unnest($3::uuid[]) AS t(id)`,
      [kind, change.toUpperCase(), ids],
    );
  }
}
