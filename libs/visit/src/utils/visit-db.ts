import { EntityManager } from 'typeorm';
import { AccessService, Caller, ScopedEntity, ScopeMode } from '@crm/auth';

/** SQLSTATE and constraint of a failed statement (TypeORM wraps the driver's error). */
export function dbError(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/**
 * Which of `ids` pass the caller's rule for `entity` (the library's registered table), in one
 * statement: how this library checks members and chambers named in a visit or an opinion
 * without reading those libraries' tables on its own terms.
 */
export async function idsInScope(em: EntityManager, access: AccessService, entity: ScopedEntity, mode: ScopeMode, caller: Caller, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const table = access.registered().find((r) => r.entity === entity)?.table;
  if (!table) return new Set();
  const filter = access.filter(entity, mode, caller, 'x');
  const [sql, params] = em.connection.driver.escapeQueryWithParameters(
    `SELECT x.id::text AS id FROM ${table} x WHERE x.id = ANY(:__ids::uuid[]) AND (${filter.sql})`,
    { ...filter.params, __ids: [...new Set(ids)] },
    {},
  );
  return new Set(((await em.query(sql, params)) as { id: string }[]).map((r) => r.id));
}

/** The first index whose value appeared earlier in the list, or -1. */
export function firstRepeat<T>(values: readonly T[]): number {
  const seen = new Set<T>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}
