import { FeedCursorCodec } from '../utils/feed-cursor';
import { hashApiKey, newApiKey, parseApiKey } from '../utils/api-key-token';
import { signWebhook, verifyWebhook, webhookHeaders } from '../utils/webhook-signature';
import { isPrivateAddress } from '../utils/webhook-target';
import { eventMatches } from '../services/webhook-dispatcher';

describe('integration utilities', () => {
  it('makes keys crm_<prefix>_<secret> and parses only that shape', () => {
    const { token, prefix, hash } = newApiKey();
    expect(token).toMatch(/^crm_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(token)).toEqual({ prefix, hash });
    expect(hash.equals(hashApiKey(token))).toBe(true);
    for (const bad of ['crm_', `crm_${prefix}`, `${token}x`, token.replace('crm_', 'CRM_'), 'eyJhbGciOi.x.y']) expect(parseApiKey(bad)).toBeNull();
  });

  it('signs as Standard Webhooks does (a known vector) and verifies with a tolerance', () => {
    // Key bytes "test-secret-bytes", message id "msg_1", timestamp 1700000000, body {"a":1}.
    const secret = `whsec_${Buffer.from('test-secret-bytes').toString('base64')}`;
    const sig = signWebhook(secret, 'msg_1', 1700000000, '{"a":1}');
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(sig).toBe(`v1,${createHmac('sha256', Buffer.from('test-secret-bytes')).update('msg_1.1700000000.{"a":1}').digest('base64')}`);
    const headers = webhookHeaders(secret, 'msg_1', '{"a":1}', 1700000000_000);
    expect(verifyWebhook(secret, headers, '{"a":1}', { now: 1700000100_000 })).toBe('ok');
    expect(verifyWebhook(secret, { ...headers, 'webhook-signature': `v1,bogus ${headers['webhook-signature']}` }, '{"a":1}', { now: 1700000000_000 })).toBe('ok');
    expect(verifyWebhook(secret, headers, '{"a":1}', { now: 1700000400_000 })).toBe('stale-timestamp');
    expect(verifyWebhook(secret, headers, '{"a":2}', { now: 1700000000_000 })).toBe('bad-signature');
  });

  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.0.0.8', '172.20.1.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['93.184.216.34', '114.114.114.114', '2400:3200::1']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });

  it('binds cursors to their feed and refuses altered ones', () => {
    const codec = new FeedCursorCodec('a-secret-long-enough-for-the-test-0123');
    const c = codec.encode('member', { xid: '812', id: '45' });
    expect(codec.decode('member', c)).toEqual({ xid: '812', id: '45' });
    expect(() => codec.decode('chamber', c)).toThrow();
    expect(() => new FeedCursorCodec('another-secret-long-enough-0123456789').decode('member', c)).toThrow();
    expect(() => codec.decode('member', 'x'.repeat(300))).toThrow();
  });

  it('matches event types exactly or by kind wildcard', () => {
    expect(eventMatches(['member.*'], 'member.merged')).toBe(true);
    expect(eventMatches(['member.created'], 'member.updated')).toBe(false);
    expect(eventMatches(['chamber.*'], 'member.updated')).toBe(false);
  });
});
