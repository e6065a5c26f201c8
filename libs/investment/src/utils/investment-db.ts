import { EntityManager } from 'typeorm';
import { AccessService, Caller, ScopedEntity, ScopeMode } from '@crm/auth';

/** The ids among `ids` the caller reaches in `entity` under `mode` (one statement). */
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

/** A PostgreSQL error's code and constraint, when the error is one. */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const src = e?.driverError ?? e;
  return { code: typeof src?.code === 'string' ? src.code : undefined, constraint: typeof src?.constraint === 'string' ? src.constraint : undefined };
}

/** Named parameters (`:name`) to positional ones for `em.query`. */
export function bind(em: EntityManager, sql: string, params: Record<string, unknown>): [string, unknown[]] {
  return em.connection.driver.escapeQueryWithParameters(sql, params, {});
}
