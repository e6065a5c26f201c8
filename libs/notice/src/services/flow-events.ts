import { Injectable } from '@nestjs/common';

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

/**
 * The in-process hook the information flow publishes to after each committed change. Webhooks
 * (libs/integration) subscribe at start-up; a listener's failure is logged by the caller of
 * `publish`, never undoes the change, and never reaches the user who made it.
 */
@Injectable()
export class FlowEvents {
  private readonly listeners = new Set<FlowListener>();

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
