import { DataSource, QueryRunner } from 'typeorm';

/**
 * Records every SQL statement the application sends while `fn` runs (every query goes through
 * a TypeORM query runner of the app's data source). For asserting that a request's statement
 * count does not grow with the page size.
 */
export async function captureSql<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = dataSource.createQueryRunner.bind(dataSource);
  const patched = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = original(...args);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as QueryRunner['query'];
    return runner;
  };
  dataSource.createQueryRunner = patched;
  try {
    const result = await fn();
    return { result, statements };
  } finally {
    dataSource.createQueryRunner = original;
  }
}
