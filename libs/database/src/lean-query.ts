import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Told of every statement leanQuery sends (the tests' statement counter listens here too). */
export type StatementObserver = (sql: string, params: readonly unknown[]) => void;

const observers = new Set<StatementObserver>();

/** Registers an observer of lean statements; returns the function that removes it. */
export function observeLeanStatements(observer: StatementObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/**
 * One read-only statement on the data source's pool, without a TypeORM query runner (its
 * creation, connection bookkeeping, subscriber broadcasts and logging cost more than a
 * primary-key read on the hottest lookups). Outside transactions only; anything that writes, or
 * must see a transaction's rows, goes through TypeORM.
 */
export async function leanQuery<Row>(dataSource: DataSource, sql: string, params: readonly unknown[]): Promise<Row[]> {
  for (const observer of observers) observer(sql, params);
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query(sql, params as unknown[]);
  return result.rows as Row[];
}
