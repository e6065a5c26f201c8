import { EntityManager } from 'typeorm';
import { AccessService, Caller, ScopedEntity } from '@crm/auth';
import { AppError, Localized, NotFoundError } from '@crm/shared';
import { PartyErrors } from '../exceptions/party.errors';

const TABLES: Partial<Record<ScopedEntity, string>> = {
  PartyWorkingCommittee: 'party_working_committee',
  PartyOrganization: 'party_organization',
  PartyMember: 'party_member',
  PartyMeeting: 'party_meeting',
};

export interface LockOptions {
  /** The version the caller read: a different one is CONFLICT. */
  version?: number;
  /** The input field naming the row, when it is not the operation's own `id` (then an unknown row is BAD_USER_INPUT). */
  field?: string;
  /** The refusal for an unknown row named by `field`. */
  unknown?: (id: string, field: string) => AppError;
  /** How messages name the row. */
  what: (row: Record<string, unknown>) => Localized | string;
}

/**
 * Locks one party row for a change, in one statement: NOT_FOUND (or the `unknown` refusal on
 * `field`) when it does not exist or the caller may not read it, FORBIDDEN when they may read
 * but not change it, CONFLICT when `version` is stale. Returns the raw row (snake_case columns).
 */
export async function lockForWrite(em: EntityManager, access: AccessService, caller: Caller, entity: ScopedEntity, id: string, options: LockOptions): Promise<Record<string, unknown>> {
  const table = TABLES[entity] as string;
  const read = access.read(entity, caller, 'x');
  const write = access.write(entity, caller, 'x');
  const [sql, params] = em.connection.driver.escapeQueryWithParameters(
    `SELECT x.*, (${write.sql}) AS __writable FROM ${table} x WHERE x.id = :__id AND (${read.sql}) FOR UPDATE OF x`,
    { ...read.params, ...write.params, __id: id },
    {},
  );
  const [row] = (await em.query(sql, params)) as Record<string, unknown>[];
  if (!row) {
    if (options.field && options.unknown) throw options.unknown(id, options.field);
    throw new NotFoundError(entity, id);
  }
  if (!row.__writable) throw PartyErrors.OUTSIDE_SCOPE({ what: options.what(row) }, { field: options.field ?? 'id' });
  if (options.version !== undefined && row.version !== options.version) {
    throw PartyErrors.STALE_VERSION(
      { what: options.what(row), current: row.version as number, read: options.version },
      { field: 'input.version', extensions: { currentVersion: row.version } },
    );
  }
  return row;
}
