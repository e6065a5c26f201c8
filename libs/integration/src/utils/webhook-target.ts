import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { IntegrationErrors } from '../exceptions/integration.errors';

/** Loopback, private, link-local, CGNAT, unspecified and multicast ranges (IPv4 and IPv6). */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['240.0.0.0', 4], ['192.0.0.0', 24], ['198.18.0.0', 15]] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
// ::/96 holds the unspecified, loopback and old IPv4-compatible addresses (IPv4-mapped ones are
// judged by their IPv4 address below); 64:ff9b::/96 and 64:ff9b:1::/48 NAT64 and 2002::/16 6to4, each of which can
// carry a private IPv4 address.
for (const [net, bits] of [['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) return isPrivateAddress(address.slice(7));
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : true;
}

/**
 * Refuses a webhook URL that is not http(s), or whose host resolves (every address it resolves
 * to, checked after DNS, not the name) to a loopback or private network, unless allowed. Called
 * when a subscription is made and again before each delivery batch (a name may be re-pointed).
 */
export async function assertWebhookTarget(raw: string, allowPrivate: boolean, field = 'input.url'): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw IntegrationErrors.WEBHOOK_URL_SCHEME({}, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw IntegrationErrors.WEBHOOK_URL_SCHEME({}, { field });
  if (url.username || url.password) throw IntegrationErrors.WEBHOOK_URL_SCHEME({}, { field });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw IntegrationErrors.WEBHOOK_URL_UNRESOLVED({ host }, { field });
  }
  if (!addresses.length) throw IntegrationErrors.WEBHOOK_URL_UNRESOLVED({ host }, { field });
  const bad = addresses.find(isPrivateAddress);
  if (bad && !allowPrivate) throw IntegrationErrors.WEBHOOK_URL_PRIVATE({ address: bad }, { field });
  return url;
}
