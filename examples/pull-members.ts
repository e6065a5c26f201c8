/**
 * A worked example of an integration client (docs/integrations.md): keeps a local copy of the
 * members an API key may read, in a JSON-lines file, in step with the CRM through the change feed,
 * and checks webhook signatures before acting on a notice.
 *
 *   CRM_URL=http://127.0.0.1:3000/graphql CRM_API_KEY=crm_… npm run example:pull
 *       one sync: from the saved cursor (or from the start) to the end of the feed, then exits
 *   … npm run example:pull -- --listen 8787     (with WEBHOOK_SECRET=whsec_…)
 *       also a webhook receiver: each verified notice triggers a sync
 *
 * Files: OUT (members.jsonl): one line per change, `{"change","id","survivorId","record"}`,
 * appended; the last line for an id is that member's state (MERGED: follow survivorId; REMOVED:
 * gone). STATE (members.cursor): the cursor after the last page written. The cursor is saved
 * only after the page's lines are on disk, so a crash in between repeats a page (harmless: a line
 * is the record's latest state) and never skips one.
 *
 * It uses nothing of the CRM's code: what it does, any client can do with HTTP and HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';

const FEED = `query($after: String, $first: Int) {
  memberChanges(after: $after, first: $first) {
    endCursor hasMore
    changes { change recordId survivorId record { id name namePinyin gender hometownCode currentRegionCode status version updatedAt } }
  }
}`;

export interface SyncOptions {
  endpoint: string;
  apiKey: string;
  out: string;
  state: string;
  pageSize?: number;
}

export interface SyncResult {
  changes: number;
  pages: number;
  cursor: string | null;
}

interface FeedPage {
  endCursor: string | null;
  hasMore: boolean;
  changes: { change: string; recordId: string; survivorId: string | null; record: Record<string, unknown> | null }[];
}

async function readCursor(state: string): Promise<string | null> {
  try {
    return (await readFile(state, 'utf8')).trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes the cursor so that a crash leaves either the old or the new one, never half of one. */
async function saveCursor(state: string, cursor: string): Promise<void> {
  await writeFile(`${state}.tmp`, cursor);
  await rename(`${state}.tmp`, state);
}

async function post(endpoint: string, apiKey: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  for (;;) {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] };
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'TOO_MANY_REQUESTS') {
      // The key's rate limit: wait as told, then go on.
      await new Promise((r) => setTimeout(r, 1000 * Number(error.extensions?.retryAfterSeconds ?? 5)));
      continue;
    }
    if (error || !body.data) throw new Error(`${error?.extensions?.code ?? res.status}: ${error?.message ?? 'no data'}`);
    return body.data;
  }
}

/** Pulls every change after the saved cursor into `out`, saving the cursor after each page. */
export async function syncMembers(options: SyncOptions): Promise<SyncResult> {
  let cursor = await readCursor(options.state);
  let changes = 0;
  let pages = 0;
  for (;;) {
    const page = (await post(options.endpoint, options.apiKey, FEED, { after: cursor, first: options.pageSize ?? 1000 })).memberChanges as FeedPage;
    pages += 1;
    if (page.changes.length) {
      const lines = page.changes.map((c) => JSON.stringify({ change: c.change, id: c.recordId, survivorId: c.survivorId, record: c.record }));
      await appendFile(options.out, `${lines.join('\n')}\n`);
      changes += page.changes.length;
    }
    if (page.endCursor && page.endCursor !== cursor) {
      cursor = page.endCursor;
      await saveCursor(options.state, cursor);
    }
    if (!page.hasMore) return { changes, pages, cursor };
  }
}

/** The members as the file says they are now: the last line of each id (merged and removed ones left out). */
export async function membersInFile(out: string): Promise<Map<string, Record<string, unknown>>> {
  const members = new Map<string, Record<string, unknown>>();
  const text = await readFile(out, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    if (!line) continue;
    const c = JSON.parse(line) as { change: string; id: string; record: Record<string, unknown> | null };
    if (c.change === 'REMOVED' || c.change === 'MERGED' || !c.record) members.delete(c.id);
    else members.set(c.id, c.record);
  }
  return members;
}

/**
 * Standard Webhooks: the signature is HMAC-SHA256, keyed with the base64 after `whsec_`, over
 * `<webhook-id>.<webhook-timestamp>.<body>`, sent as `v1,<base64>` (several, space-separated,
 * while a secret rotates). A timestamp more than five minutes off is refused: a replay.
 */
export function verifySignature(secret: string, headers: Record<string, string | string[] | undefined>, body: string, now = Date.now()): boolean {
  const header = (name: string) => [headers[name]].flat()[0];
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`);
  return signatures.split(' ').some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected));
}

/**
 * A receiver: verifies each notice, drops a webhook-id it has seen (retries repeat the id), and
 * calls `onNotice` (here: a sync) for the rest. Answers 2xx only for a notice it accepted.
 * `secret` may be a function, read on each notice (a secret rotated while running).
 */
export function webhookReceiver(secret: string | (() => string), onNotice: (notice: { type: string; data: Record<string, unknown> }) => Promise<void>): Server {
  const seen = new Set<string>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifySignature(typeof secret === 'function' ? secret() : secret, req.headers, body)) {
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      if (seen.has(id)) {
        res.writeHead(200).end();
        return;
      }
      onNotice(JSON.parse(body) as { type: string; data: Record<string, unknown> }).then(
        () => {
          seen.add(id);
          res.writeHead(204).end();
        },
        () => res.writeHead(500).end(),
      );
    });
  });
}

async function main(): Promise<void> {
  const apiKey = process.env.CRM_API_KEY;
  if (!apiKey) throw new Error('Set CRM_API_KEY to an API key with members:read');
  const options: SyncOptions = {
    endpoint: process.env.CRM_URL ?? 'http://127.0.0.1:3000/graphql',
    apiKey,
    out: process.env.OUT ?? 'members.jsonl',
    state: process.env.STATE ?? 'members.cursor',
  };
  const synced = await syncMembers(options);
  process.stdout.write(`Synced ${synced.changes} changes in ${synced.pages} pages; cursor saved to ${options.state}\n`);
  const listen = process.argv.indexOf('--listen');
  if (listen < 0) return;
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) throw new Error('Set WEBHOOK_SECRET to the subscription secret (whsec_…) to receive webhooks');
  const port = Number(process.argv[listen + 1] ?? 8787);
  let running = Promise.resolve();
  webhookReceiver(secret, (notice) => {
    // One sync at a time: notices arriving meanwhile are covered by the next one.
    running = running.then(async () => {
      const r = await syncMembers(options);
      process.stdout.write(`${notice.type} ${String(notice.data.id)}: synced ${r.changes} changes\n`);
    });
    return running;
  }).listen(port, () => process.stdout.write(`Listening for webhooks on port ${port}\n`));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
