import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { cloneTemplate, withServerClient } from '@crm/testing';
import { startServer, waitForLine } from './support/server-process';

interface Answer {
  sentAt?: number;
  status?: number;
  connection?: string;
  retryAfter?: string;
  body?: string;
  error?: string;
  at: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One HTTP request; a network failure is returned as its code, never thrown. */
function send(base: URL, path: string, options: { agent?: Agent; body?: string; token?: string; trickleMs?: number; started?: () => void } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const body = options.body ?? '';
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: options.body === undefined ? 'GET' : 'POST',
        agent: options.agent ?? false,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, retryAfter: res.headers['retry-after'], body: text, at: Date.now() }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, at: Date.now() }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, at: Date.now() }));
    if (options.trickleMs) {
      // The request is accepted and being read when the signal comes; its body ends later.
      req.flushHeaders();
      req.write(body.slice(0, 5));
      options.started?.();
      setTimeout(() => req.end(body.slice(5)), options.trickleMs);
    } else {
      req.end(body);
    }
  });
}

/** Writes a whole request on a fresh connection and reads to the end: what a raw client sees. */
function rawRequest(base: URL, payload: string): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (d: string) => (text += d));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, at: Date.now() }));
    socket.on('end', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve(status ? { status: Number(status[1]), body: text, at: Date.now() } : { error: 'EMPTY', at: Date.now() });
    });
  });
}

describe('shutting down under load (a real process)', () => {
  it('never resets a connection: 200 through the grace period, then a clean 503 with Connection: close, then refused; readiness 503 throughout; exits 0', async () => {
    const databaseName = `t_${randomBytes(8).toString('hex')}`;
    const databaseUrl = await cloneTemplate(databaseName);
    const graceMs = 1000;
    const { child, output } = startServer({
      DATABASE_URL: databaseUrl,
      SEED: 'false',
      ADMIN_EMAIL: 'root@test.crm',
      ADMIN_PASSWORD: 'Root-password-2026',
      SHUTDOWN_GRACE_MS: String(graceMs),
      SHUTDOWN_DRAIN_MS: '10000',
    });
    try {
      const [, baseText] = await waitForLine(child, /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/);
      const base = new URL(baseText.replace('localhost', '127.0.0.1'));
      const login = await send(base, '/graphql', { body: JSON.stringify({ query: 'mutation { login(email: "root@test.crm", password: "Root-password-2026") { accessToken } }' }) });
      const token = (JSON.parse(login.body as string) as { data: { login: { accessToken: string } } }).data.login.accessToken;
      const me = JSON.stringify({ query: '{ me { email } }' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

      // Four keep-alive clients send one request after another, from before the signal to well after
      // it; told 503 they wait as Retry-After asks, refused a connection they stop.
      let signalAt = Number.POSITIVE_INFINITY;
      const clientAnswers: Answer[] = [];
      const clients = [1, 2, 3, 4].map(async () => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        for (;;) {
          const sentAt = Date.now();
          const answer = await send(base, '/graphql', { agent, body: me, token });
          clientAnswers.push({ ...answer, sentAt });
          if (answer.error === 'ECONNREFUSED') break;
          await sleep(answer.status === 503 ? Number(answer.retryAfter ?? 1) * 1000 : 20);
        }
        agent.destroy();
      });

      // Twenty requests in flight at the signal: accepted, their bodies still arriving until after
      // the grace period has ended.
      let started = 0;
      const inFlight = Array.from({ length: 20 }, () =>
        send(base, '/graphql', { body: me, token, trickleMs: graceMs + 300, started: () => (started += 1) }),
      );
      while (started < 20) await sleep(10);
      await sleep(150);

      const signalSeen = waitForLine(child, /SIGTERM received/);
      child.kill('SIGTERM');
      signalAt = Date.now();
      // Readiness is off from the moment the process has seen the signal (a probe already being
      // answered at that instant may still say 200, as with any probe).
      await signalSeen;

      // Readiness, asked as a load balancer would (every 100 ms) until connections are refused.
      const pollingFrom = Date.now();
      const readiness: Answer[] = [];
      const polling = (async () => {
        for (;;) {
          const sentAt = Date.now();
          const answer = await send(base, '/health/ready');
          readiness.push({ ...answer, sentAt });
          if (answer.error) break;
          await sleep(100);
        }
      })();

      // Requests written on fresh connections around the end of the grace period.
      await sleep(graceMs - 40 - (pollingFrom - signalAt));
      const late = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          sleep(i * 15).then(() => rawRequest(base, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')),
        ),
      );

      const code = await exited;
      const exitedAt = Date.now();
      const answered = await Promise.all(inFlight);
      await Promise.all([clients, polling].flat());

      expect(code).toBe(0);
      expect(exitedAt - signalAt).toBeLessThan(graceMs + 10_000);

      // Nobody is ever reset: the only network failure is a refused connection once the listener closed.
      const everything = [...answered, ...clientAnswers, ...readiness, ...late];
      expect(everything.filter((a) => a.error && a.error !== 'ECONNREFUSED').map((a) => `${a.error} at +${a.at - signalAt} ms`)).toEqual([]);

      // Every answer is a 200, or after the grace period a clean 503 shutting-down with Connection: close.
      const graceEnd = signalAt + graceMs;
      const refusal = (a: Answer) =>
        a.status === 503 &&
        a.connection === 'close' &&
        a.retryAfter === '1' &&
        (JSON.parse(a.body as string) as { errors: { extensions: { code: string; reason: string; messageZh: string } }[] }).errors[0].extensions.reason ===
          'shutting-down' &&
        /服务正在停止/.test(a.body as string);
      for (const a of [...answered, ...clientAnswers].filter((x) => !x.error)) {
        if (a.status === 200) continue;
        expect({ status: a.status, refusal: refusal(a), afterGrace: a.at >= graceEnd - 20 }).toEqual({ status: 503, refusal: true, afterGrace: true });
      }

      // Every request in flight at the signal was answered, with Connection: close.
      expect(answered.map((a) => a.error ?? a.status)).toEqual(Array(20).fill(200));
      expect(answered.filter((a) => !(a.connection === 'close' && a.body?.includes('root@test.crm'))).map((a) => a.body)).toEqual([]);

      // The clients: served (with Connection: close) through the grace period, refused with 503
      // after it, then connections refused; a connection is refused only after the grace period.
      // (A request sent in the same few milliseconds as the signal may be answered before the process sees it.)
      const during = clientAnswers.filter((a) => (a.sentAt as number) > signalAt + 20);
      expect(during.filter((a) => a.status === 200 && (a.sentAt as number) < graceEnd - 100).length).toBeGreaterThan(4);
      for (const a of during.filter((x) => x.status === 200)) expect(a.connection).toBe('close');
      const t = (a: Answer) => `${a.error ?? a.status} sent +${(a.sentAt as number) - signalAt} ms, at +${a.at - signalAt} ms`;
      expect(during.filter((a) => (a.sentAt as number) < graceEnd - 100 && a.status !== 200).map(t)).toEqual([]);
      expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
      expect(clientAnswers.filter((a) => a.error === 'ECONNREFUSED' && a.at <= graceEnd).map(t)).toEqual([]);
      expect(clientAnswers.filter((a) => a.error === 'ECONNREFUSED').length).toBe(4);

      // Readiness: 503 "shutting-down" throughout, then connections refused (never reset).
      const readyAnswers = readiness.filter((a) => !a.error);
      expect(readyAnswers.length).toBeGreaterThan(8);
      expect(readyAnswers.filter((a) => !(a.status === 503 && a.body?.includes('"status":"shutting-down"'))).map(t)).toEqual([]);
      expect(readyAnswers.filter((a) => a.at >= graceEnd && a.connection !== 'close').map(t)).toEqual([]);
      expect(readiness[readiness.length - 1].error).toBe('ECONNREFUSED');
      expect(readiness[readiness.length - 1].at).toBeGreaterThan(graceEnd);

      // The raw requests around the end of the grace period: answered 200 or 503, or refused at connect.
      for (const a of late) expect([200, 503, 'ECONNREFUSED']).toContain(a.error ?? a.status);

      expect(output.join('')).toContain('"msg":"Stopped"');
      // The listener closed once traffic paused, not at the 10 s drain deadline.
      const closedAfter = /the listener closed (\d+) ms after the grace period/.exec(output.join(''));
      expect(Number(closedAfter?.[1])).toBeLessThan(3000);
      const { rows } = await withServerClient((c) =>
        c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'diaspora-crm%'", [databaseName]),
      );
      expect(rows[0].n).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
    }
  }, 90_000);
});
