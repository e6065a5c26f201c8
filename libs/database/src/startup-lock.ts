import { Client } from 'pg';

/** The advisory lock key under which one process at a time prepares the database at start-up. */
export const STARTUP_LOCK = 727_000;

/**
 * Runs `work` while holding a session-level advisory lock on a connection of its own, so that of
 * any number of processes started together on one database one prepares it (migrations,
 * reference data, the first administrator, demo data, job queues) and the others wait, then find
 * the work done and go on. The lock is released when `work` ends or fails, and by PostgreSQL
 * itself should this process die holding it (the session ends).
 */
export async function withStartupLock<T>(url: string, work: () => Promise<T>, log: (message: string) => void = () => undefined): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'diaspora-crm-startup-lock' });
  // A dropped connection fails the query waiting on it (reported by `work`'s caller), not the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [STARTUP_LOCK]);
    if (!rows[0].got) {
      log('Another process is preparing the database; waiting for it');
      await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    }
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
