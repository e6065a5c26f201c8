import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@crm/database';
import { cloneTemplate, withServerClient } from '@crm/testing';
import { DEMO_CHAMBERS, DEMO_LEADERSHIP } from '@crm/demo';
import {
  DEMO_COMPATIBLE_CHAMBERS,
  DEMO_LED_CHAMBER_NAMES,
  resetScaleData,
  scaleDataState,
  SCALE_SEED_ACCOUNT,
  SCALE_SOURCE_NOTE,
  seedScale,
  ScaleSeedSummary,
} from '../libs/demo/src/scale';
import { parseCreditCode, parseIdNumber } from '@crm/member';

const MEMBERS = 3000;
/** Columns the database fills with the time of writing: left out of the comparison. */
const CLOCK = ['created_at', 'updated_at', 'registered_at'];
/**
 * Every table the seed writes, with the columns a seed does not decide: the clock, and the ids
 * the database numbers itself (links and positions are written by MemberWriter and
 * ChamberLeadershipService, which take no ids for them). Members, enterprises, chambers and
 * terms keep their ids.
 */
const TABLES: Record<string, string[]> = {
  member: CLOCK,
  enterprise: CLOCK,
  member_enterprise: ['id', ...CLOCK],
  chamber_membership: ['id', ...CLOCK],
  member_political_role: ['id', ...CLOCK],
  chamber: [],
  chamber_term: [],
  chamber_position: ['id', ...CLOCK],
};

/** md5 of every row of each table (less the columns above), in a fixed order. */
async function digest(ds: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, volatile] of Object.entries(TABLES)) {
    const [{ md5 }] = (await ds.query(
      `SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS md5 FROM (SELECT (to_jsonb(t) - $1::text[])::text AS r FROM ${table} t) x`,
      [volatile],
    )) as { md5: string }[];
    out[table] = md5;
  }
  return out;
}

/** The scale seed over fresh databases cloned from the migrated template (regions loaded). */
describe('scale seed (npm run seed:scale)', () => {
  const names = [1, 2].map(() => `t_scale_${randomBytes(6).toString('hex')}`);
  const sources: DataSource[] = [];
  let a: DataSource;
  let b: DataSource;
  let first: ScaleSeedSummary;

  beforeAll(async () => {
    for (const name of names) {
      const url = await cloneTemplate(name);
      const ds = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2 }), migrations: [] });
      await ds.initialize();
      sources.push(ds);
    }
    [a, b] = sources;
    // Several writer batches, so the overlap of generating and writing is exercised.
    first = await seedScale(a, { members: MEMBERS, seed: 42, batchSize: 1000 });
  });

  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    for (const name of names) await withServerClient((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it('builds the chamber network and the member base it was asked for', async () => {
    expect(first.members).toBe(MEMBERS);
    expect(first.chambersCreated).toBeGreaterThanOrEqual(240);
    expect(first.chambersCreated).toBeLessThanOrEqual(270);
    expect(first.enterprises / MEMBERS).toBeGreaterThan(0.6);
    expect(first.enterprises / MEMBERS).toBeLessThan(0.8);
    expect(first.politicalRoles).toBeGreaterThan(0);
    expect(first.positions).toBeGreaterThan(first.terms);
    const [counts] = (await a.query(
      `SELECT (SELECT count(*)::int FROM member WHERE source_note = $1) AS members,
              (SELECT count(*)::int FROM chamber WHERE level = 'NATIONAL') AS national,
              (SELECT count(*)::int FROM chamber WHERE level = 'PROVINCIAL') AS provincial,
              (SELECT count(*)::int FROM chamber WHERE level = 'PREFECTURE') AS prefecture,
              (SELECT count(*)::int FROM chamber WHERE level = 'COUNTY') AS county,
              (SELECT count(*)::int FROM chamber WHERE status <> 'ACTIVE' OR founded_on IS NULL) AS not_active,
              (SELECT count(*)::int FROM chamber WHERE level <> 'NATIONAL' AND parent_id IS NULL) AS orphans,
              (SELECT count(*)::int FROM chamber WHERE depth <> cardinality(ancestor_ids)) AS bad_depth,
              (SELECT count(*)::int FROM chamber WHERE name LIKE '%温州商会%' OR name LIKE '%温州企业商会%') AS wenzhou_named`,
      [SCALE_SOURCE_NOTE],
    )) as Record<string, number>[];
    expect(counts).toMatchObject({ members: MEMBERS, national: 1, not_active: 0, orphans: 0, bad_depth: 0 });
    expect(counts.provincial).toBeGreaterThanOrEqual(25);
    expect(counts.prefecture).toBeGreaterThanOrEqual(195);
    expect(counts.county).toBeGreaterThanOrEqual(20);
    expect(counts.wenzhou_named).toBe(first.chambersCreated);
  });

  it('writes members through MemberWriter as the seed account, each audited and tagged', async () => {
    const [check] = (await a.query(
      `SELECT (SELECT count(*)::int FROM member WHERE registered_by IS DISTINCT FROM $1) AS other_registrar,
              (SELECT count(*)::int FROM member WHERE completeness <> 10 * (10 - cardinality(missing_fields))) AS odd_completeness,
              (SELECT count(*)::int FROM member WHERE version = 2) AS appointed,
              (SELECT count(DISTINCT member_id)::int FROM chamber_position) AS holders,
              (SELECT count(*)::int FROM audit_event WHERE operation = 'member.seed' AND metadata->>'step' IS NULL) AS member_events,
              (SELECT count(DISTINCT entity_id)::int FROM audit_event WHERE operation = 'member.seed') AS members_audited,
              (SELECT count(*)::int FROM audit_event WHERE operation = 'member.seed' AND metadata->>'step' = 'leadership') AS leadership_events,
              (SELECT count(*)::int FROM audit_event WHERE operation = 'enterprise.seed') AS enterprise_events,
              (SELECT count(*)::int FROM audit_event WHERE operation = 'chamberPosition.create') AS position_events,
              (SELECT count(*)::int FROM audit_event WHERE operation IN ('member.seed', 'enterprise.seed', 'chamberPosition.create')
                 AND actor_id IS DISTINCT FROM $1) AS other_actor,
              (SELECT count(*)::int FROM audit_event WHERE operation IN ('member.seed', 'enterprise.seed')
                 AND (metadata->>'source' IS DISTINCT FROM 'seed:scale' OR metadata->>'seed' IS DISTINCT FROM '42')) AS untagged,
              (SELECT count(*)::int FROM audit_event WHERE actor_id = $1 OR (operation = 'user.create' AND entity_id = $1::text)) AS seed_events,
              (SELECT count(*)::int FROM app_user WHERE id = $1 AND role = 'ADMIN' AND NOT active) AS account`,
      [SCALE_SEED_ACCOUNT.id],
    )) as Record<string, number>[];
    expect(check).toMatchObject({
      other_registrar: 0,
      odd_completeness: 0,
      appointed: check.holders,
      member_events: MEMBERS,
      members_audited: MEMBERS,
      leadership_events: check.holders,
      enterprise_events: first.enterprises,
      position_events: first.positions,
      other_actor: 0,
      untagged: 0,
      account: 1,
    });
    // What the seed reports is what it wrote: its members, enterprises, positions, leaders and account.
    expect(first.auditEvents).toBe(check.seed_events);
  });

  it('gives the same rows, uuids of members, enterprises and chambers included, for the same seed, and different ones for another', async () => {
    // Other batches, same rows: the data depends on the seed only.
    await seedScale(b, { members: MEMBERS, seed: 42, batchSize: 700 });
    const [da, db] = [await digest(a), await digest(b)];
    expect(db).toEqual(da);

    // A second run over members is refused; --reset removes exactly the scale data.
    await expect(seedScale(b, { members: 10, seed: 42 })).rejects.toThrow(/already holds 3000 members/);
    const removed = await resetScaleData(b);
    expect(removed).toMatchObject({ members: MEMBERS, enterprises: first.enterprises, chambers: first.chambersCreated, chambersKept: 0 });
    expect(await scaleDataState(b)).toEqual({ members: 0, scaleMembers: 0, scaleChambers: 0 });
    const [left] = (await b.query(
      `SELECT (SELECT count(*)::int FROM enterprise) + (SELECT count(*)::int FROM chamber) + (SELECT count(*)::int FROM chamber_term)
            + (SELECT count(*)::int FROM chamber_position) + (SELECT count(*)::int FROM chamber_event) AS n`,
    )) as { n: number }[];
    expect(left.n).toBe(0);

    await seedScale(b, { members: MEMBERS, seed: 43 });
    const other = await digest(b);
    expect(other.member).not.toBe(da.member);
    expect(other.enterprise).not.toBe(da.enterprise);
    const [{ shared }] = (await b.query(`SELECT count(*)::int AS shared FROM member WHERE id = ANY($1::uuid[])`, [
      ((await a.query('SELECT id FROM member')) as { id: string }[]).map((r) => r.id),
    ])) as { shared: number }[];
    expect(shared).toBe(0);
  });

  it('writes valid ID numbers that agree with birth date, gender and hometown; hometowns are home counties', async () => {
    const rows = (await a.query(
      `SELECT id_number, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, gender, hometown_code FROM member WHERE id_number IS NOT NULL`,
    )) as { id_number: string; birth_date: string; gender: string; hometown_code: string }[];
    expect(rows.length / MEMBERS).toBeGreaterThan(0.8);
    expect(rows.length / MEMBERS).toBeLessThan(0.9);
    for (const row of rows) {
      const parsed = parseIdNumber(row.id_number);
      if (!parsed.ok) throw new Error(`${row.id_number}: ${parsed.reason}`);
      expect({ birthDate: parsed.birthDate, gender: parsed.gender, region: parsed.regionCode }).toEqual({
        birthDate: row.birth_date,
        gender: row.gender,
        region: row.hometown_code,
      });
    }
    const [check] = (await a.query(
      `SELECT count(*) FILTER (WHERE hometown_code IS NOT NULL
                 AND hometown_code NOT IN (SELECT code FROM region WHERE parent_code = '330300' AND level = 'COUNTY'))::int AS foreign_hometowns,
              count(DISTINCT hometown_code)::int AS hometowns,
              count(*) FILTER (WHERE gender = 'MALE')::float / count(*) AS male,
              count(*) FILTER (WHERE current_region_code IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = current_region_code AND r.level IN ('PREFECTURE', 'COUNTY')))::int AS odd_current,
              min(birth_date)::text AS oldest, max(birth_date)::text AS youngest
       FROM member`,
    )) as Record<string, number | string>[];
    expect(check).toMatchObject({ foreign_hometowns: 0, hometowns: 12, odd_current: 0 });
    expect(check.male).toBeGreaterThan(0.68);
    expect(check.male).toBeLessThan(0.8);
    expect(check.oldest >= '1950-01-01' && check.youngest <= '2002-12-31').toBe(true);
  });

  it('writes unique, valid credit codes and GB/T 4754 divisions', async () => {
    const rows = (await a.query(`SELECT credit_code, industry_code FROM enterprise`)) as { credit_code: string | null; industry_code: string | null }[];
    const codes = rows.map((r) => r.credit_code).filter((c): c is string => c !== null);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
    for (const r of rows) if (r.industry_code !== null) expect(r.industry_code).toMatch(/^(0[1-9]|[1-8]\d|9[0-7])$/);
  });

  it('stores completeness as the database rule (member_missing_fields) computes it', async () => {
    const [q] = (await a.query(
      `SELECT count(DISTINCT completeness)::int AS levels, min(completeness)::int AS min, max(completeness)::int AS max,
              avg(completeness)::float AS avg, count(*) FILTER (WHERE completeness = 0)::int AS zero FROM member`,
    )) as Record<string, number>[];
    expect(q.levels).toBeGreaterThan(3);
    expect(q.max).toBe(100);
    expect(q.avg).toBeGreaterThan(60);
    expect(q.avg).toBeLessThan(95);
    // Running the function again changes nothing: the stored values are its own.
    const before = (await digest(a)).member;
    await a.query('SELECT refresh_member_quality(array_agg(id)) FROM member');
    expect((await digest(a)).member).toBe(before);
  });

  it('keeps ended memberships as history (not in chamber_ids) and spreads registrations over the years', async () => {
    expect(first.pastMemberships).toBeGreaterThan(0);
    const [q] = (await a.query(
      `SELECT count(*) FILTER (WHERE cm.left_on IS NOT NULL)::int AS past,
              count(*) FILTER (WHERE cm.left_on IS NOT NULL AND m.chamber_ids @> ARRAY[cm.chamber_id]
                               AND NOT EXISTS (SELECT 1 FROM chamber_membership c2 JOIN chamber c ON c.id = c2.chamber_id
                                               WHERE c2.member_id = m.id AND c2.left_on IS NULL AND (c.id = cm.chamber_id OR c.ancestor_ids @> ARRAY[cm.chamber_id])))::int AS leaked,
              count(DISTINCT date_part('year', m.registered_at))::int AS years
         FROM chamber_membership cm JOIN member m ON m.id = cm.member_id`,
    )) as Record<string, number>[];
    expect(q.past).toBe(first.pastMemberships);
    expect(q.leaked).toBe(0);
    expect(q.years).toBeGreaterThan(10);
  });

  it('gives every chamber it created a running term whose positions are held by current members', async () => {
    const [check] = (await a.query(
      `SELECT (SELECT count(*)::int FROM chamber_position p
                WHERE p.member_id IS NULL
                   OR NOT EXISTS (SELECT 1 FROM chamber_membership m WHERE m.member_id = p.member_id AND m.chamber_id = p.chamber_id AND m.left_on IS NULL)
                   OR p.holder_name <> (SELECT name FROM member WHERE id = p.member_id)
                   OR p.chamber_id <> (SELECT chamber_id FROM chamber_term t WHERE t.id = p.term_id)) AS bad_positions,
              (SELECT count(*)::int FROM chamber_term WHERE ends_on IS NOT NULL) AS ended_terms,
              (SELECT count(*)::int FROM chamber_term t JOIN chamber c ON c.id = t.chamber_id WHERE t.starts_on < c.founded_on) AS early_terms,
              (SELECT count(*)::int FROM chamber c WHERE NOT EXISTS (SELECT 1 FROM chamber_term t WHERE t.chamber_id = c.id)) AS without_term,
              (SELECT count(*)::int FROM chamber_term t WHERE NOT EXISTS (SELECT 1 FROM chamber_position p WHERE p.term_id = t.id AND p.position = 'PRESIDENT')) AS without_president`,
    )) as Record<string, number>[];
    expect(check).toMatchObject({ bad_positions: 0, ended_terms: 0, early_terms: 0 });
    // The chambers the demo data set leads itself (its startTerm would overlap ours) have none.
    expect(check.without_term).toBe(DEMO_LED_CHAMBER_NAMES.length);
    expect(check.without_president).toBeLessThan(10);
  });

  it('--reset never removes other data: a member of its own and the chambers it refers to stay, and the seed runs again next to them', async () => {
    // b holds seed 43 now (previous test). Someone adds a member by hand, in a scale chamber.
    const [chamber] = (await b.query(`SELECT id, parent_id FROM chamber WHERE level = 'COUNTY' ORDER BY name LIMIT 1`)) as { id: string; parent_id: string }[];
    const [own] = (await b.query(
      `INSERT INTO member (name, name_pinyin, name_initials, hometown_code, source) VALUES ('王手工', 'wangshougong', 'wsg', '330381', 'MANUAL') RETURNING id`,
    )) as { id: string }[];
    await b.query(`INSERT INTO chamber_membership (member_id, chamber_id, joined_on) VALUES ($1, $2, '2020-01-01')`, [own.id, chamber.id]);

    const removed = await resetScaleData(b);
    expect(removed.members).toBe(MEMBERS);
    expect(removed.chambersKept).toBeGreaterThanOrEqual(2); // the county chamber and its ancestors
    const kept = (await b.query(`SELECT id FROM chamber ORDER BY depth`)) as { id: string }[];
    expect(kept.map((c) => c.id)).toContain(chamber.id);
    expect(kept.map((c) => c.id)).toContain(chamber.parent_id);
    expect(await scaleDataState(b)).toMatchObject({ members: 1, scaleMembers: 0 });

    const again = await seedScale(b, { members: 500, seed: 43 });
    expect(again.chambersCreated + kept.length).toBe(again.chambersUsed);
    const [check] = (await b.query(
      `SELECT (SELECT count(*)::int FROM member WHERE id = $1) AS own,
              (SELECT count(*)::int FROM chamber WHERE region_code = (SELECT region_code FROM chamber WHERE id = $2)) AS at_place`,
      [own.id, chamber.id],
    )) as Record<string, number>[];
    expect(check).toEqual({ own: 1, at_place: 1 });
  });

  it('names and dates the chambers at the demo data set’s places as the demo does, so the demo seed reuses them', () => {
    const regional = DEMO_CHAMBERS.filter((c) => c.kind === 'REGIONAL' && c.foundedOn && (c.status ?? 'ACTIVE') === 'ACTIVE');
    expect(new Set(DEMO_COMPATIBLE_CHAMBERS.map((c) => `${c.level}|${c.regionCode}|${c.name}|${c.foundedOn}`))).toEqual(
      new Set(regional.map((c) => `${c.level}|${c.regionCode}|${c.name}|${c.foundedOn}`)),
    );
    const led = DEMO_LEADERSHIP.map((l) => DEMO_CHAMBERS.find((c) => c.key === l.chamber)?.name);
    expect([...DEMO_LED_CHAMBER_NAMES].sort()).toEqual([...led].sort());
  });
});
