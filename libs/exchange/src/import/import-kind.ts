import { EntityManager } from 'typeorm';
import { Caller, Permission, ScopedEntity } from '@crm/auth';
import { ColumnCatalogue } from '../columns/import-columns';
import { ImportKindTexts } from '../exceptions/import.errors';
import { ImportRowError } from './import-failures';

/**
 * The job and row tables of one kind. Every kind has its own pair with the common shape
 * (docs/exchange.md, "Tables"): the engine writes them in plain SQL by these names, so only
 * the names of the two per-kind id columns and of the enum types differ.
 */
export interface ImportTables {
  /** The job table (member_import): one row per uploaded file. */
  job: string;
  /** The staged rows (member_import_row), primary key (import_id, row_number). */
  row: string;
  /** The type of job.status (an enum of ImportStatus's values, or text). */
  statusType: string;
  /** The type of row.action (an enum of ImportAction's values, or text). */
  actionType: string;
  /** The row column validation's match goes in (matched_member_id). */
  matchedColumn: string;
  /** The row column the commit's created or changed row goes in (member_id). */
  targetColumn: string;
}

/** Where an import is (the job's status column). */
export enum ImportStatus {
  Uploaded = 'UPLOADED',
  Validating = 'VALIDATING',
  Validated = 'VALIDATED',
  Invalid = 'INVALID',
  Failed = 'FAILED',
  Committing = 'COMMITTING',
  Committed = 'COMMITTED',
  Cancelled = 'CANCELLED',
}

/** What committing a row did (the row's action column; each counts in the job's `<action>_count`). */
export enum ImportAction {
  Created = 'CREATED',
  Updated = 'UPDATED',
  Skipped = 'SKIPPED',
  Unchanged = 'UNCHANGED',
  Failed = 'FAILED',
}

/** A data row on its way through validation. */
export interface StagedImportRow<V> {
  rowNumber: number;
  /** What the commit will write; null for a bad row. */
  values: V | null;
  /** Every problem of the row; a row with one is bad (its values are dropped when staged). */
  errors: ImportRowError[];
  /** The existing row it matched (null: it will be created), set by `stage`. */
  matchedId: string | null;
}

/** The cells of a row as read, by column key (empty cells left out). */
export type ImportCells<K extends string = string> = Partial<Record<K, string>>;

/** One validation run of a kind: built once per file, with what it needs loaded. */
export interface ImportValidation<V, K extends string = string> {
  /**
   * A marker of where the base stood before the first row was matched, stored as the job's
   * match_snapshot (the commit may then look again only at what changed since). Optional.
   */
  snapshot?: string | null;
  /**
   * Parses and checks one row's cells (formulaKeys: the columns whose .xlsx cell is a formula);
   * `headers` names each column as the file does, for the errors.
   */
  parse(cells: ImportCells<K>, formulaKeys: ReadonlySet<K>, headers: Partial<Record<K, string>>): { values: V | null; errors: ImportRowError[] };
  /** Checks across the file (the same person twice): adds to `row.errors`; a bad row's values are dropped. */
  checkInFile?(row: StagedImportRow<V>, cells: ImportCells<K>, headers: Partial<Record<K, string>>): void;
  /**
   * Matches a batch's good rows against the base, inside the batch's transaction, before it is
   * staged: sets `matchedId`, or adds errors (then sets `values` to null). Batches come one at a
   * time in file order.
   */
  stage?(em: EntityManager, rows: StagedImportRow<V>[]): Promise<void>;
}

/** A batch of good rows handed to the kind's committer, in its own transaction. */
export interface ImportCommitBatch<V> {
  em: EntityManager;
  importId: string;
  /** The uploader, as it is now. */
  caller: Caller;
  /** The mode the commit was started with (what a matched row does). */
  mode: string;
  fileName: string;
  /** The validation's snapshot (ImportValidation.snapshot), when it stored one. */
  snapshot: string | null;
  rows: { rowNumber: number; values: V; matchedId: string | null }[];
}

/** What committing one row did. */
export interface ImportRowOutcome {
  rowNumber: number;
  action: ImportAction;
  /** The row created or changed (or matched, when skipped or unchanged). */
  targetId: string | null;
  /** Why a row the base refuses now failed (kept with the row, shown in the report). */
  errors?: ImportRowError[];
}

/**
 * The kind's writer: applies a batch through the owning library's service (the only writer of
 * its tables), returning one outcome per row. A thrown error rolls the batch back and stops the
 * commit (it is resumed later); a row the base refuses should fail alone (action FAILED).
 */
export interface ImportCommitter<V> {
  /** Rows per batch (tests lower it). */
  batchRows: number;
  /** Batches committed side by side, each on its own connection. */
  connections: number;
  apply(batch: ImportCommitBatch<V>): Promise<ImportRowOutcome[]>;
}

/** Everything the engine needs to run one kind of import (docs/exchange.md, "How to add an import kind"). */
export interface ImportKind<V, K extends string = string> {
  /** Job names (`${name}.validate`, `${name}.commit`): e.g. member-import. */
  name: string;
  /** The job table's scoped entity (its RowScope: ImportJobScope) and NotFound / audit entity type. */
  entity: ScopedEntity;
  /** Audit operations `${auditPrefix}.upload|commit|cancel`. */
  auditPrefix: string;
  /** What the uploader must still hold when a job runs as them. */
  permission: Permission;
  tables: ImportTables;
  columns: ColumnCatalogue<K>;
  /** The template's sheet name (会员信息). */
  templateSheet: string;
  texts: ImportKindTexts;
  /** The Chinese of a row reason, for rows staged before messages had their own Chinese. */
  rowReasonZh?(reason: string): string;
  /** Starts one validation run (loads what parsing and matching need). */
  startValidation(ctx: { em: EntityManager; importId: string; caller: Caller }): Promise<ImportValidation<V, K>>;
  committer: ImportCommitter<V>;
  /** Runs after each sweep of stale imports (housekeeping of the kind's own). */
  afterSweep?(): Promise<void>;
}
