import { Injectable } from '@nestjs/common';
import { Caller } from '@crm/auth';

/** An entry another module adds to a member's or chamber's contact history (e.g. a meeting attended). */
export interface ContactHistoryEntry {
  /** Upper-case kind beside VISIT, OPINION, ANSWER (e.g. MEETING). */
  type: string;
  /** The day (YYYY-MM-DD). */
  on: string;
  recordedAt: Date;
  text: string;
  who: string | null;
}

/** Entries of one subject the caller may see, newest first, at most `first`. */
export type ContactHistoryContributor = (caller: Caller, subject: { memberId: string | null; chamberId: string | null }, first: number) => Promise<ContactHistoryEntry[]>;

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

  async collect(caller: Caller, subject: { memberId: string | null; chamberId: string | null }, first: number): Promise<ContactHistoryEntry[]> {
    return (await Promise.all(this.contributors.map((c) => c(caller, subject, first)))).flat();
  }
}
