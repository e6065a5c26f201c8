import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A domain event of the information flow, as integrations (webhooks) and mail receive it. */
export interface FlowEvent {
  type: 'notice.sent' | 'notice.reminded' | 'notice.acknowledged' | 'return.submitted' | 'request.raised' | 'request.answered' | 'request.closed' | 'meeting.created' | 'registration.changed';
  id: string;
  /** The notice, request or meeting the event is about. */
  subjectId: string;
  at: Date;
  data: Record<string, unknown>;
}

export type FlowListener = (event: FlowEvent) => void | Promise<void>;

/** What a transactional listener is told: the event's type and subject, with the change's transaction. */
export type FlowTransactionListener = (event: Pick<FlowEvent, 'type' | 'subjectId'>, em: EntityManager) => Promise<void>;

/** Every event type the information flow publishes (declared as webhook event types at start-up). */
export const FLOW_EVENT_TYPES: readonly FlowEvent['type'][] = [
  'notice.sent', 'notice.reminded', 'notice.acknowledged', 'return.submitted', 'request.raised', 'request.answered', 'request.closed', 'meeting.created', 'registration.changed',
];

/**
 * The information flow's events, in two hooks:
 *
 * - `record(em, …)`, inside the change's transaction: transactional listeners write with it
 *   (webhooks, through the change log: an event is sent if and only if its change commits). A
 *   failure there fails the change, as any write of it would.
 * - `publish(…)`, after the change committed: in-process listeners (mail); a listener's failure
 *   never undoes the change and never reaches the user who made it.
 */
@Injectable()
export class FlowEvents {
  private readonly listeners = new Set<FlowListener>();
  private readonly inTransaction = new Set<FlowTransactionListener>();

  subscribeInTransaction(listener: FlowTransactionListener): () => void {
    this.inTransaction.add(listener);
    return () => this.inTransaction.delete(listener);
  }

  /** Inside the change's transaction (`em`): tells the transactional listeners. */
  async record(em: EntityManager, event: Pick<FlowEvent, 'type' | 'subjectId'>): Promise<void> {
    for (const listener of this.inTransaction) await listener(event, em);
  }

  subscribe(listener: FlowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(event: Omit<FlowEvent, 'at' | 'id'> & { at?: Date }): Promise<void> {
    const full: FlowEvent = { id: `${event.type}:${event.subjectId}:${Date.now()}`, at: event.at ?? new Date(), ...event } as FlowEvent;
    for (const listener of this.listeners) {
      try {
        await listener(full);
      } catch {
        // A subscriber's failure is its own (it retries from its queue); the change stands.
      }
    }
  }
}
