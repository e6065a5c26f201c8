import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A file kept in PostgreSQL (an import upload, a notice attachment), so that whichever replica
 * works a job or answers a download can read it. The bytes are in `stored_file_chunk`; this row
 * says what the file is. Rows are written complete, in one transaction with their chunks.
 */
@Entity('stored_file')
@Index('ix_stored_file_purpose_created', ['purpose', 'createdAt'])
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What the file is for (`member-import`, `notice-attachment`, …): sweeps and quotas go by it. */
  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 127 })
  mediaType!: string;

  /** bigint: pg returns it as a string; the service converts (files stay far below 2^53). */
  @Column({ name: 'byte_size', type: 'bigint' })
  byteSize!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'chunk_count', type: 'int' })
  chunkCount!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One piece of a stored file, in order of `seq` (0, 1, …); at most STORAGE_CHUNK_BYTES each. */
@Entity('stored_file_chunk')
export class StoredFileChunkEntity {
  @PrimaryColumn({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @ManyToOne(() => StoredFileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'file_id', foreignKeyConstraintName: 'fk_stored_file_chunk_file' })
  file?: StoredFileEntity;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
