import { Readable } from 'node:stream';
import type { Client } from 'pg';

/**
 * COPY over node-postgres without an extra package. `pg` answers a COPY with "No source stream
 * defined" and drops COPY OUT data; these two objects take the protocol over instead, as any
 * object with `submit()` may (pg's "submittable" queries, the way pg-cursor works).
 */

/** The part of pg's Connection these use (not in pg's typings). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.ReadableStream & NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/**
 * `COPY … TO STDOUT` as a readable stream of the raw COPY bytes. The socket is paused while the
 * consumer is behind, so a table larger than memory streams through.
 */
export function copyOut(client: Client, sql: string): Readable {
  let connection: PgConnection | null = null;
  let paused = false;
  const stream = new Readable({
    highWaterMark: 1 << 20,
    read() {
      if (paused && connection) {
        paused = false;
        connection.stream.resume();
      }
    },
  });
  let settled = false;
  const BATCH = 256 * 1024;
  let batch = Buffer.allocUnsafe(BATCH);
  let batchUsed = 0;
  const queue = (bytes: Buffer) => {
    if (!stream.push(bytes) && connection && !paused) {
      paused = true;
      connection.stream.pause();
    }
  };
  const flush = () => {
    if (!batchUsed) return;
    queue(batch.subarray(0, batchUsed));
    batch = Buffer.allocUnsafe(BATCH);
    batchUsed = 0;
  };
  const submittable = {
    submit(conn: PgConnection) {
      connection = conn;
      conn.query(sql);
    },
    handleCopyData(msg: { chunk: Buffer }) {
      // The chunk (one row) is a view of the parser's buffer, which it reuses: rows are copied
      // into a batch, and the batch is queued when full.
      const chunk = msg.chunk;
      if (batchUsed + chunk.length > batch.length) flush();
      if (chunk.length > batch.length) {
        queue(Buffer.from(chunk));
        return;
      }
      chunk.copy(batch, batchUsed);
      batchUsed += chunk.length;
    },
    handleCommandComplete() {},
    handleReadyForQuery() {
      if (settled) return;
      settled = true;
      flush();
      if (paused) connection?.stream.resume();
      stream.push(null);
    },
    handleError(error: Error) {
      if (settled) return;
      settled = true;
      if (paused) connection?.stream.resume();
      stream.destroy(error);
    },
    // Not sent for COPY; present because pg may call them on any active query.
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyInResponse(conn: PgConnection) {
      conn.sendCopyFail('not a COPY FROM');
    },
  };
  void client.query(submittable as never);
  return stream;
}

/**
 * `COPY … FROM STDIN` fed from `source` (COPY text bytes). Resolves with the rows PostgreSQL
 * reports; rejects with PostgreSQL's error, or the source's (sent as CopyFail, so the server
 * abandons the COPY and the transaction around it fails).
 */
export function copyIn(client: Client, sql: string, source: AsyncIterable<Buffer>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let rows = 0;
    let failure: Error | null = null;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(rows);
    };
    const pump = async (conn: PgConnection) => {
      try {
        for await (const chunk of source) {
          conn.sendCopyFromChunk(chunk);
          if (conn.stream.writableNeedDrain) await new Promise((r) => (conn.stream as NodeJS.EventEmitter).once('drain', r));
        }
        conn.endCopyFrom();
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        conn.sendCopyFail(failure.message);
      }
    };
    const submittable = {
      submit(conn: PgConnection) {
        conn.query(sql);
      },
      handleCopyInResponse(conn: PgConnection) {
        void pump(conn);
      },
      handleCommandComplete(msg: { text?: string }) {
        const match = /^COPY (\d+)/.exec(msg.text ?? '');
        if (match) rows = Number(match[1]);
      },
      handleReadyForQuery() {
        settle(failure);
      },
      handleError(error: Error) {
        settle(failure ?? error);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    void client.query(submittable as never);
  });
}
