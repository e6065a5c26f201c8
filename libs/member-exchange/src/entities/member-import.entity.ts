import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ImportColumnMapping, ImportFailure } from '@crm/exchange';
import { UserEntity } from '@crm/user';
import { MemberImportMode, MemberImportStatus } from './member-import.enums';

export type { ImportColumnMapping, ImportFailure };

/**
 * One uploaded spreadsheet and what became of it. The counters are advanced in the same
 * transaction as the rows they count, so they are exact at any moment (progress) and after any
 * crash (resume).
 */
@Entity('member_import')
@Index('ix_member_import_creator', ['createdBy', 'createdAt'])
@Index('ix_member_import_status', ['status'])
@Check('ck_member_import_counts', `"total_rows" >= 0 AND "error_rows" >= 0 AND "done_rows" >= 0 AND "done_rows" <= "total_rows"`)
export class MemberImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_member_import_creator' })
  creator?: UserEntity;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'file_size', type: 'bigint' })
  fileSize!: string;

  /** Where the upload is kept until the import ends (relative to the import directory). */
  @Column({ name: 'stored_file', type: 'varchar', length: 255, nullable: true })
  storedFile!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  format!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  encoding!: string | null;

  @Column({ type: 'enum', enum: MemberImportStatus, enumName: 'member_import_status', default: MemberImportStatus.Uploaded })
  status!: MemberImportStatus;

  @Column({ type: 'enum', enum: MemberImportMode, enumName: 'member_import_mode', nullable: true })
  mode!: MemberImportMode | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  columns!: ImportColumnMapping[];

  @Column({ name: 'ignored_columns', type: 'text', array: true, default: () => "'{}'" })
  ignoredColumns!: string[];

  @Column({ type: 'jsonb', nullable: true })
  failure!: ImportFailure | null;

  /** Data rows read so far (validation) or in the file (after it). */
  @Column({ name: 'total_rows', type: 'integer', default: 0 })
  totalRows!: number;

  @Column({ name: 'error_rows', type: 'integer', default: 0 })
  errorRows!: number;

  /** Rows whose member already exists (validation's matching). */
  @Column({ name: 'matched_rows', type: 'integer', default: 0 })
  matchedRows!: number;

  /** Rows committed so far. */
  @Column({ name: 'done_rows', type: 'integer', default: 0 })
  doneRows!: number;

  @Column({ name: 'created_count', type: 'integer', default: 0 })
  createdCount!: number;

  @Column({ name: 'updated_count', type: 'integer', default: 0 })
  updatedCount!: number;

  @Column({ name: 'skipped_count', type: 'integer', default: 0 })
  skippedCount!: number;

  @Column({ name: 'unchanged_count', type: 'integer', default: 0 })
  unchangedCount!: number;

  @Column({ name: 'failed_count', type: 'integer', default: 0 })
  failedCount!: number;

  /** Commit works through the rows in row order; every row up to this number is done. */
  @Column({ name: 'commit_cursor', type: 'integer', default: 0 })
  commitCursor!: number;

  /** Job runs since the last start by a user; the sweep gives up on an import past the limit. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The validation run that owns the import (a second worker takes over only a stale one). */
  @Column({ type: 'uuid', nullable: true })
  lease!: string | null;

  /** Last sign of life of the worker on it; a stale one on boot means the worker died. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'validated_at', type: 'timestamptz', nullable: true })
  validatedAt!: Date | null;

  /**
   * Where the base stood when validation matched the rows (MemberIdentityChanges.marker): the
   * commit looks again only at rows a member changed after it may concern. NULL for imports
   * validated before it existed: their commit matches every row again.
   */
  @Column({ name: 'match_snapshot', type: 'text', nullable: true })
  matchSnapshot!: string | null;

  @Column({ name: 'commit_started_at', type: 'timestamptz', nullable: true })
  commitStartedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
