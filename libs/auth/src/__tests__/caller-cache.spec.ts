import { CallerCache, CallerRow, Role } from '@crm/auth';

/** The cache on its own, with a fake clock: lifetimes, bounds, and the fill race. */

const ID = '00000000-0000-4000-8000-0000000000a1';

function row(overrides: Partial<CallerRow> = {}): CallerRow {
  return {
    id: ID,
    email: 'a@test.crm',
    role: Role.Viewer,
    active: true,
    tokenVersion: 0,
    mustChangePassword: false,
    countyCode: null,
    chamberId: null,
    partyCommitteeId: null,
    officialId: null,
    ...overrides,
  };
}

describe('CallerCache', () => {
  let now: number;
  let cache: CallerCache;

  beforeEach(() => {
    now = Date.UTC(2030, 0, 1, 12, 0, 0);
    cache = new CallerCache();
    cache.clock = () => now;
    cache.setLive(true);
  });

  it('keeps a verified token until the second of its exp, then answers expired once and forgets it', () => {
    const exp = now / 1000 + 10;
    cache.rememberToken('tok', { sub: ID, ver: 0, exp });
    expect(cache.claims('tok')).toEqual({ sub: ID, ver: 0, exp });
    now += 9_999;
    expect(cache.claims('tok')).toEqual({ sub: ID, ver: 0, exp });
    now += 1;
    expect(cache.claims('tok')).toBe('expired');
    expect(cache.claims('tok')).toBeUndefined();
    expect(cache.claims('never-seen')).toBeUndefined();
  });

  it('serves a row for 60 s at most', () => {
    cache.rememberUser(row(), cache.stamp());
    now += 59_999;
    expect(cache.user(ID)).toMatchObject({ id: ID });
    now += 1;
    expect(cache.user(ID)).toBeUndefined();
  });

  it('serves no row while the listener is disconnected, and drops every row on (re)connect', () => {
    cache.rememberUser(row(), cache.stamp());
    cache.setLive(false);
    expect(cache.user(ID)).toBeUndefined();
    cache.rememberUser(row(), cache.stamp());
    expect(cache.user(ID)).toBeUndefined();
    cache.setLive(true);
    expect(cache.user(ID)).toBeUndefined();
    cache.rememberUser(row(), cache.stamp());
    expect(cache.user(ID)).toMatchObject({ id: ID });
  });

  it('does not store a row whose read was overtaken by a change notification', () => {
    const stamp = cache.stamp();
    cache.forgetUser(ID); // the NOTIFY arrives while the SELECT is in flight
    cache.rememberUser(row({ active: true }), stamp);
    expect(cache.user(ID)).toBeUndefined();
  });

  it('forgetUser drops the row; the tokens stay (their claims do not change)', () => {
    cache.rememberToken('tok', { sub: ID, ver: 0, exp: now / 1000 + 60 });
    cache.rememberUser(row(), cache.stamp());
    cache.forgetUser(ID);
    expect(cache.user(ID)).toBeUndefined();
    expect(cache.claims('tok')).toMatchObject({ sub: ID });
  });

  it('stays bounded: the oldest entries go first', () => {
    for (let i = 0; i < 10_050; i += 1) cache.rememberToken(`tok-${i}`, { sub: ID, ver: 0, exp: now / 1000 + 60 });
    expect(cache.size.tokens).toBe(10_000);
    expect(cache.claims('tok-0')).toBeUndefined();
    expect(cache.claims('tok-10049')).toMatchObject({ sub: ID });
  });

  it('keeps a copy of the row, not the caller\'s object', () => {
    const r = row();
    cache.rememberUser(r, cache.stamp());
    r.active = false;
    expect(cache.user(ID)?.active).toBe(true);
  });
});
