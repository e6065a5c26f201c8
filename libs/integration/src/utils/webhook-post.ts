import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress } from './webhook-target';

/** A POST's outcome: the status, or why there was none (`code` is a stable word for the log). */
export type PostResult = { status: number } | { error: string; code: string };

/**
 * The resolver a delivery connects with: it checks the addresses the connection will use, so a
 * name that resolved to a public address when checked and to a private one now (DNS rebinding)
 * is refused at connect time, not only when the subscription was made.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad || !list.length) {
        const refused = Object.assign(new Error(`${hostname} resolves to ${bad?.address ?? 'nothing'}, which is not allowed`), { code: 'EPRIVATETARGET' });
        return callback(refused, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

/** Kept-alive connections per protocol and setting; each new connection goes through guardedLookup. */
const agents = new Map<string, HttpAgent>();
function agentFor(protocol: string, allowPrivate: boolean): HttpAgent {
  const name = `${protocol}${allowPrivate}`;
  let agent = agents.get(name);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 32, lookup: guardedLookup(allowPrivate) };
    agent = protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(name, agent);
  }
  return agent;
}

/**
 * POSTs a body and reads the status, never following a redirect (a 3xx is the answer), giving
 * up after `timeoutMs` for the whole exchange; connections go through guardedLookup.
 */
export function postOnce(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: agentFor(url.protocol, allowPrivate) }, (res) => {
      res.on('error', () => done({ status: res.statusCode ?? 0 }));
      res.on('end', () => done({ status: res.statusCode ?? 0 }));
      res.resume();
    });
    const timer = setTimeout(() => {
      done({ error: `timed out after ${timeoutMs} ms`, code: 'TIMEOUT' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: Error & { code?: string }) => done({ error: `${e.code ?? e.name}: ${e.message}`, code: e.code ?? e.name }));
    req.end(body);
  });
}
