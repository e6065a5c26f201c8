import { DataSource, QueryRunner } from 'typeorm';
import { observeLeanStatements } from '@crm/database';

/**
 * Records every SQL statement the application sends while `fn` runs (through a TypeORM query
 * runner of the app's data source, or leanQuery). For asserting that a request's statement
 * count does not grow with the page size.
 */
export async function captureSql<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const { result, sent } = await capture(dataSource, fn);
  return { result, statements: sent.map((s) => s.sql) };
}

/** The statements with their parameters, for running EXPLAIN on exactly what the app sent. */
export async function captureStatements(dataSource: DataSource, fn: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  return (await capture(dataSource, fn)).sent;
}

async function capture<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<{ result: T; sent: { sql: string; params: unknown[] }[] }> {
  const sent: { sql: string; params: unknown[] }[] = [];
  const original = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = original(...args);
    const query = runner.query.bind(runner) as (...a: unknown[]) => Promise<unknown>;
    runner.query = ((sql: string, params?: unknown[], ...rest: unknown[]) => {
      sent.push({ sql, params: params ?? [] });
      return query(sql, params, ...rest);
    }) as QueryRunner['query'];
    return runner;
  };
  // Lean reads (leanQuery) go to the pool without a query runner: they are told of here.
  const stopObserving = observeLeanStatements((sql, params) => sent.push({ sql, params: [...params] }));
  try {
    return { result: await fn(), sent };
  } finally {
    dataSource.createQueryRunner = original;
    stopObserving();
  }
}
