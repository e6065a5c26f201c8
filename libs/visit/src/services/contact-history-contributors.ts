import { Injectable } from '@nestjs/common';
import { Caller } from '@crm/auth';

/**
 * A part another module adds to a member's or chamber's contact history (e.g. meetings
 * attended): a SELECT of the columns (type text, on_day date, recorded_at timestamptz,
 * visit_id uuid, feedback_id uuid, visit_kind text, category text, status text, text text,
 * who text), naming the subject's id `:id`, with its own named parameters (the caller's scope).
 * It joins the history's one statement (UNION ALL), so the history stays one query.
 */
export interface ContactHistoryPart {
  sql: string;
  params: Record<string, unknown>;
}

/** The part for a subject kind and caller, or null when it adds nothing for them. */
export type ContactHistoryContributor = (caller: Caller, subject: 'member' | 'chamber') => ContactHistoryPart | null;

/**
 * The extension point of the contact history: modules built on visits (meetings in libs/event)
 * register what they add at start-up, so this library never imports them.
 */
@Injectable()
export class ContactHistoryContributors {
  private readonly contributors: ContactHistoryContributor[] = [];

  register(contributor: ContactHistoryContributor): void {
    this.contributors.push(contributor);
  }

  parts(caller: Caller, subject: 'member' | 'chamber'): ContactHistoryPart[] {
    return this.contributors.map((c) => c(caller, subject)).filter((p): p is ContactHistoryPart => !!p);
  }
}
