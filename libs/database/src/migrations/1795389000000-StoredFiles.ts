import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files kept in PostgreSQL (libs/storage): import uploads and notice attachments, readable by
 * every replica. A file's row and its chunks are written in one transaction.
 */
export class StoredFiles1795389000000 implements MigrationInterface {
  name = 'StoredFiles1795389000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE stored_file (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      purpose varchar(40) NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]*$'),
      file_name varchar(255) NOT NULL,
      media_type varchar(127) NOT NULL,
      byte_size bigint NOT NULL CHECK (byte_size >= 0),
      sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      chunk_count int NOT NULL CHECK (chunk_count >= 0),
      created_by uuid NULL REFERENCES app_user (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX ix_stored_file_purpose_created ON stored_file (purpose, created_at)`);
    await q.query(`CREATE TABLE stored_file_chunk (
      file_id uuid NOT NULL CONSTRAINT fk_stored_file_chunk_file REFERENCES stored_file (id) ON DELETE CASCADE,
      seq int NOT NULL CHECK (seq >= 0),
      data bytea NOT NULL,
      PRIMARY KEY (file_id, seq)
    )`);
    // The bytes are already compressed (xlsx, pdf, images) more often than not: store them as
    // they come rather than spend CPU on TOAST compression that gains nothing.
    await q.query(`ALTER TABLE stored_file_chunk ALTER COLUMN data SET STORAGE EXTERNAL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stored_file_chunk`);
    await q.query(`DROP TABLE stored_file`);
  }
}
