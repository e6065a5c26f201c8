import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberImportAction } from './member-import.enums';
import { MemberImportEntity } from './member-import.entity';

import type { ImportRowError } from '@crm/exchange';

export type { ImportRowError };

/**
 * A data row of an import, staged by validation: its parsed values (what commit writes) or its
 * errors, the member it matched, and after commit what was done.
 */
@Entity('member_import_row')
// Hand-written in the migration: a partial index over the bad rows (report, errors list).
@Index('ix_member_import_row_errors', { synchronize: false })
export class MemberImportRowEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' })
  importId!: string;

  @PrimaryColumn({ name: 'row_number', type: 'integer' })
  rowNumber!: number;

  @ManyToOne(() => MemberImportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'fk_member_import_row_import' })
  import?: MemberImportEntity;

  @Column({ type: 'jsonb', nullable: true })
  values!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  errors!: ImportRowError[] | null;

  @Column({ name: 'matched_member_id', type: 'uuid', nullable: true })
  matchedMemberId!: string | null;

  @Column({ type: 'enum', enum: MemberImportAction, enumName: 'member_import_action', nullable: true })
  action!: MemberImportAction | null;

  /** The member the commit created or changed (no FK: a later merge may tombstone it, which is fine). */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;
}
