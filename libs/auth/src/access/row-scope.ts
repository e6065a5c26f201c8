import type { Caller } from '../caller';

/** An SQL condition over a query alias, with its parameters, ready for `qb.andWhere`. */
export interface RowFilter {
  sql: string;
  params: Record<string, unknown>;
}

export const ALL_ROWS: RowFilter = Object.freeze({ sql: 'TRUE', params: Object.freeze({}) }) as RowFilter;
export const NO_ROWS: RowFilter = Object.freeze({ sql: 'FALSE', params: Object.freeze({}) }) as RowFilter;

/** Rows that pass every filter. TRUE parts drop out; a FALSE part makes the whole FALSE. */
export function allOf(...filters: RowFilter[]): RowFilter {
  if (filters.some((f) => f.sql === 'FALSE')) return NO_ROWS;
  const parts = filters.filter((f) => f.sql !== 'TRUE');
  if (!parts.length) return ALL_ROWS;
  if (parts.length === 1) return parts[0];
  return { sql: `(${parts.map((f) => `(${f.sql})`).join(' AND ')})`, params: Object.assign({}, ...parts.map((f) => f.params)) };
}

/** Rows that pass any filter. FALSE parts drop out; a TRUE part makes the whole TRUE. */
export function anyOf(...filters: RowFilter[]): RowFilter {
  if (filters.some((f) => f.sql === 'TRUE')) return ALL_ROWS;
  const parts = filters.filter((f) => f.sql !== 'FALSE');
  if (!parts.length) return NO_ROWS;
  if (parts.length === 1) return parts[0];
  return { sql: `(${parts.map((f) => `(${f.sql})`).join(' OR ')})`, params: Object.assign({}, ...parts.map((f) => f.params)) };
}

/**
 * What a scope predicate writes its SQL with. Parameters and sub-query aliases are named by
 * the builder, unique per query, so predicates compose (one inside another, or the same one
 * twice) without renaming anything after the fact.
 */
export class ScopeSql {
  private static next = 0;
  private readonly params: Record<string, unknown>;

  constructor(readonly alias: string, params?: Record<string, unknown>) {
    this.params = params ?? {};
  }

  private static id(): number {
    return (ScopeSql.next = (ScopeSql.next + 1) % 1_000_000);
  }

  /** `alias.column` of the row being filtered. */
  col(column: string): string {
    return `${this.alias}.${column}`;
  }

  /** A uniquely named parameter (`:__sN`) bound to `value`. */
  param(value: unknown): string {
    const name = `__s${ScopeSql.id()}`;
    this.params[name] = value;
    return `:${name}`;
  }

  /** A fresh alias for a sub-query's table (`__cm12`) sharing this builder's parameters. */
  sub(base: string): ScopeSql {
    return new ScopeSql(`__${base}${ScopeSql.id()}`, this.params);
  }

  /** The filter: `sql` with every parameter bound so far. */
  filter(sql: string): RowFilter {
    return { sql, params: { ...this.params } };
  }
}

/**
 * The entity types whose rows are scoped by caller. A domain library that adds a scoped entity
 * adds its name here and registers its `RowScope` with the access service at start-up.
 */
export type ScopedEntity =
  | 'User'
  | 'AuditEvent'
  | 'Chamber'
  | 'Member'
  | 'MemberImport'
  | 'PartyWorkingCommittee'
  | 'PartyOrganization'
  | 'PartyMember'
  | 'PartyMeeting'
  | 'PartyMemberImport'
  | 'Official'
  | 'Visit'
  | 'Feedback'
  | 'Campaign'
  | 'CampaignImport'
  | 'HonorNomination'
  | 'HonorAward'
  | 'HonorBenefit'
  | 'InvestmentProject'
  | 'Notice'
  | 'NoticeRecipient'
  | 'NoticeReturn'
  | 'Request'
  | 'Meeting'
  | 'MeetingRegistration'
  | 'ApiKey'
  | 'WebhookSubscription';

export type ScopeMode = 'read' | 'write';

/**
 * A refusal of a row in memory, naming the field that put it outside the caller's reach. The
 * messages reach API errors and import report rows, so each rule states its refusal in English
 * and in Chinese, from its library's error catalogue where it has an entry.
 */
export interface ScopeRefusal {
  field: string;
  message: string;
  /** The same in Chinese (what a client shows people). */
  messageZh: string;
  /** The catalogue reason the texts come from (`MEMBER_HOMETOWN_OUTSIDE_COUNTY`), when there is one. */
  reason?: string;
}

/**
 * A domain library's rule for which rows of one entity type a caller reaches. `read` and `write`
 * return SQL over the row's alias; a role the rule does not name gets no rows (deny by default).
 * `check` applies the same rule to a row in memory (one about to be written, or one loaded
 * with a page), and `defaults` gives the values a new row takes from the caller's own scope.
 */
export interface RowScope<Row = unknown> {
  entity: ScopedEntity;
  /** The table the predicates are written against, for by-id checks. */
  table: string;
  read(caller: Caller, q: ScopeSql): RowFilter;
  write(caller: Caller, q: ScopeSql): RowFilter;
  check?(caller: Caller, row: Row, mode: ScopeMode): ScopeRefusal | null;
  defaults?(caller: Caller): Partial<Row>;
}
