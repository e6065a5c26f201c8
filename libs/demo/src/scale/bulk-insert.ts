import { performance } from 'node:perf_hooks';

/**
 * Column buffers flushed with one `INSERT … SELECT … FROM unnest($1::uuid[], $2::text[], …)`
 * per batch: one statement and one parameter per column, whatever the number of rows.
 * Enum columns travel as text and are cast in the SELECT. The scale seed uses it for chamber
 * data only; members and their rows go through MemberWriter.
 */

export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface BulkColumn {
  name: string;
  /** Type of the parameter array's elements: uuid, text, date, timestamptz, int. */
  param: 'uuid' | 'text' | 'date' | 'timestamptz' | 'int';
  /** Cast applied in the SELECT (enums, arrays, smallint). */
  cast?: string;
}

export class BulkTable {
  private columns: unknown[][];
  readonly sql: string;
  total = 0;
  /** Time spent in this table's INSERT statements (ms). */
  elapsed = 0;

  constructor(
    readonly table: string,
    readonly spec: readonly BulkColumn[],
  ) {
    this.columns = spec.map(() => []);
    const names = spec.map((c) => `"${c.name}"`).join(', ');
    const select = spec.map((c) => (c.cast ? `t."${c.name}"::${c.cast}` : `t."${c.name}"`)).join(', ');
    const params = spec.map((c, i) => `$${i + 1}::${c.param}[]`).join(', ');
    this.sql = `INSERT INTO "${this.table}" (${names}) SELECT ${select} FROM unnest(${params}) AS t(${names})`;
  }

  get size(): number {
    return this.columns[0].length;
  }

  add(...values: unknown[]): void {
    if (values.length !== this.spec.length) throw new Error(`${this.table}: ${values.length} values for ${this.spec.length} columns`);
    for (let i = 0; i < values.length; i++) this.columns[i].push(values[i]);
  }

  /** Takes the buffered rows (the buffer starts empty again) for `flush`. */
  take(): unknown[][] | null {
    if (this.size === 0) return null;
    const rows = this.columns;
    this.columns = this.spec.map(() => []);
    this.total += rows[0].length;
    return rows;
  }

  async flush(db: Queryable, rows: unknown[][] | null): Promise<void> {
    if (!rows) return;
    const started = performance.now();
    await db.query(this.sql, rows);
    this.elapsed += performance.now() - started;
  }
}
