import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { toNameInitials, toNamePinyin } from '@crm/member';
import { BulkTable } from './bulk-insert';
import { Rng, Weighted } from './random';
import { SCALE_REFERENCE_DAY, SCALE_SEED_ACCOUNT } from './scale-seed';
import { GIVEN_NAME_CHARS, SURNAMES } from './surnames';

/** The campaign the scale seed makes: 98 groups visiting 855 people, as in the 2014 report. */
export const SCALE_CAMPAIGN = '温商之春（规模数据）';
const SEED_OFFICIAL = 'official.seed';
const SEED_VISIT = 'visit.seed';
const SEED_FEEDBACK = 'feedback.seed';

export interface ScaleVisitsOptions {
  visits: number;
  opinions: number;
  seed: number;
  /** Groups and assignments of the campaign (98 and 855 by default). */
  groups?: number;
  assignments?: number;
  log?: (line: string) => void;
}

export interface ScaleVisitsSummary {
  officials: number;
  visits: number;
  opinions: number;
  answers: number;
  groups: number;
  assignments: number;
  completed: number;
  seconds: number;
}

const KINDS = new Weighted<[string, string]>([
  [['SERVICE', 'OUTBOUND'], 40],
  [['CONDOLENCE', 'OUTBOUND'], 25],
  [['SEMINAR', 'OUTBOUND'], 12],
  [['PROMOTION', 'OUTBOUND'], 8],
  [['HOME_INSPECTION', 'INBOUND'], 10],
  [['INTRODUCED_DELEGATION', 'INBOUND'], 5],
]);
const CATEGORIES = new Weighted<string>([
  ['POLICY', 20], ['LAND', 15], ['FINANCE', 18], ['TALENT', 8], ['RIGHTS', 20], ['SERVICES', 14], ['OTHER', 5],
]);
const STATUSES = new Weighted<string>([['OPEN', 15], ['ASSIGNED', 25], ['ANSWERED', 20], ['CLOSED', 40]]);
const TITLES = ['副市长', '副县长', '局长', '副局长', '主任', '副主任', '处长', '科长', '服务员'];
const TOPICS = ['用地指标', '融资贷款', '人才公寓', '子女入学', '合同纠纷', '商标维权', '审批时限', '总部经济政策', '税费减免', '物流配套'];

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Scale data for visits and opinions (npm run seed:scale, bench:visits): officials of the city
 * and each home county, `visits` visits over ten years (each with one leader, one to three
 * officials, a chamber and members), `opinions` opinions in every status with answers and
 * history, and a campaign of 98 groups and 855 assignments, about 60% completed by a visit.
 * Bulk statements (one per table and batch), deterministic for a seed, each row audited with
 * one `*.seed` event. Runs once: a database that already holds visits is left alone.
 */
export async function seedScaleVisits(dataSource: DataSource, options: ScaleVisitsOptions): Promise<ScaleVisitsSummary | null> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const rng = new Rng(options.seed).fork('visits');
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed-scale']);
    const [{ n: existing }] = (await em.query('SELECT count(*)::int AS n FROM visit')) as { n: number }[];
    if (existing > 0) {
      log(`The database already holds ${existing} visits: no visits seeded`);
      return null;
    }
    const members = (await em.query(`SELECT id::text, hometown_code FROM member WHERE status <> 'MERGED' ORDER BY id`)) as { id: string; hometown_code: string | null }[];
    const chambers = (await em.query(`SELECT id::text, name FROM chamber WHERE status IN ('ACTIVE', 'PREPARING') ORDER BY id`)) as { id: string; name: string }[];
    const counties = ((await em.query(`SELECT code FROM region WHERE parent_code = '330300' AND level = 'COUNTY' ORDER BY code`)) as { code: string }[]).map((r) => r.code);
    const [account] = (await em.query('SELECT id FROM app_user WHERE id = $1', [SCALE_SEED_ACCOUNT.id])) as { id: string }[];
    const actor = account?.id ?? null;
    if (!members.length || !chambers.length) throw new Error('seed the members first (npm run seed:scale)');

    // Officials: 40 of the city, 20 per home county.
    const officials = new BulkTable('official', [
      { name: 'id', param: 'uuid' }, { name: 'name', param: 'text' }, { name: 'name_pinyin', param: 'text' }, { name: 'name_initials', param: 'text' },
      { name: 'title', param: 'text' }, { name: 'unit', param: 'text' }, { name: 'level', param: 'text', cast: 'official_level' }, { name: 'county_code', param: 'text' },
    ]);
    const officialRows: { id: string; county: string | null }[] = [];
    const orng = rng.fork('officials');
    const addOfficial = (county: string | null, unit: string) => {
      const given = orng.chance(0.5) ? GIVEN_NAME_CHARS.male.classic : GIVEN_NAME_CHARS.male.modern;
      const name = orng.pick(SURNAMES)[0] + orng.pick([...given.first]) + (orng.chance(0.7) ? orng.pick([...given.second]) : '');
      const id = orng.uuid();
      officials.add(id, name, toNamePinyin(name), toNameInitials(name), orng.pick(TITLES), unit, county ? 'COUNTY' : 'CITY', county);
      officialRows.push({ id, county });
    };
    for (let i = 0; i < 40; i++) addOfficial(null, i < 10 ? '温州市人民政府' : '温州市经济合作办公室');
    for (const c of counties) for (let i = 0; i < 20; i++) addOfficial(c, `${c} 县（市、区）人民政府`);
    await officials.flush(em, officials.take());

    // Visits and their links.
    const visitTable = new BulkTable('visit', [
      { name: 'id', param: 'uuid' }, { name: 'visited_on', param: 'date' }, { name: 'kind', param: 'text', cast: 'visit_kind' }, { name: 'direction', param: 'text', cast: 'visit_direction' },
      { name: 'place', param: 'text' }, { name: 'summary', param: 'text' }, { name: 'assignment_id', param: 'uuid' }, { name: 'created_by', param: 'uuid' },
    ]);
    const vo = new BulkTable('visit_official', [{ name: 'visit_id', param: 'uuid' }, { name: 'official_id', param: 'uuid' }, { name: 'leads', param: 'text', cast: 'boolean' }]);
    const vc = new BulkTable('visit_chamber', [{ name: 'visit_id', param: 'uuid' }, { name: 'chamber_id', param: 'uuid' }]);
    const vm = new BulkTable('visit_member', [{ name: 'visit_id', param: 'uuid' }, { name: 'member_id', param: 'uuid' }]);
    const from = Date.parse('2015-01-01T00:00:00Z');
    const to = Date.parse(`${SCALE_REFERENCE_DAY}T00:00:00Z`);
    const visits: { id: string; on: string; officials: string[] }[] = [];
    const vrng = rng.fork('visit');
    const flushVisits = async () => {
      for (const table of [visitTable, vo, vc, vm]) await table.flush(em, table.take());
    };
    const addVisit = async (on: string, kind: [string, string], memberIds: string[], chamberId: string | null, assignmentId: string | null, leaders?: string[]) => {
      const id = vrng.uuid();
      const chamber = chamberId ? chambers.find((c) => c.id === chamberId) : vrng.pick(chambers);
      const team = leaders ?? [...new Set(Array.from({ length: vrng.int(1, 3) }, () => vrng.pick(officialRows).id))];
      visitTable.add(id, on, kind[0], kind[1], chamber?.name ?? '温州', `${vrng.pick(TOPICS)}座谈，听取意见建议`, assignmentId, actor);
      team.forEach((o, i) => vo.add(id, o, i === 0 ? 'true' : 'false'));
      if (chamber) vc.add(id, chamber.id);
      for (const m of new Set(memberIds)) vm.add(id, m);
      visits.push({ id, on, officials: team });
      if (visitTable.size >= 2000) await flushVisits();
    };
    for (let i = 0; i < options.visits; i++) {
      const on = dayOf(from + Math.floor(vrng.next() * (to - from) / DAY_MS) * DAY_MS);
      const people = Array.from({ length: vrng.int(1, 4) }, () => vrng.pick(members).id);
      await addVisit(on, KINDS.pick(vrng), people, null, null);
    }

    // The campaign: groups led by one or two officials, assignments, ~60% completed.
    const groupCount = options.groups ?? 98;
    const assignmentCount = Math.min(options.assignments ?? 855, members.length);
    const crng = rng.fork('campaign');
    const [{ id: campaignId }] = (await em.query(
      `INSERT INTO campaign (name, starts_on, ends_on, description) VALUES ($1, '2026-01-20', '2026-02-20', '春节慰问（规模数据）') RETURNING id`,
      [SCALE_CAMPAIGN],
    )) as { id: string }[];
    const groups = new BulkTable('campaign_group', [{ name: 'id', param: 'uuid' }, { name: 'campaign_id', param: 'uuid' }, { name: 'name', param: 'text' }, { name: 'county_code', param: 'text' }]);
    const leaders = new BulkTable('campaign_group_leader', [{ name: 'group_id', param: 'uuid' }, { name: 'official_id', param: 'uuid' }]);
    const groupRows: { id: string; leaders: string[] }[] = [];
    for (let g = 0; g < groupCount; g++) {
      const id = crng.uuid();
      const county = counties[g % counties.length];
      const local = officialRows.filter((o) => o.county === county);
      const lead = [...new Set([crng.pick(local).id, ...(crng.chance(0.4) ? [crng.pick(local).id] : [])])];
      groups.add(id, campaignId, `第${g + 1}慰问组`, county);
      lead.forEach((o) => leaders.add(id, o));
      groupRows.push({ id, leaders: lead });
    }
    await groups.flush(em, groups.take());
    await leaders.flush(em, leaders.take());
    const assignments = new BulkTable('campaign_assignment', [{ name: 'id', param: 'uuid' }, { name: 'campaign_id', param: 'uuid' }, { name: 'group_id', param: 'uuid' }, { name: 'member_id', param: 'uuid' }]);
    const picked = new Set<string>();
    const toVisit: { assignment: string; member: string; leaders: string[] }[] = [];
    while (picked.size < assignmentCount) {
      const m = crng.pick(members).id;
      if (picked.has(m)) continue;
      picked.add(m);
      const group = groupRows[picked.size % groupRows.length];
      const id = crng.uuid();
      assignments.add(id, campaignId, group.id, m);
      if (crng.chance(0.6)) toVisit.push({ assignment: id, member: m, leaders: group.leaders });
    }
    await assignments.flush(em, assignments.take());
    for (const a of toVisit) await addVisit(dayOf(Date.parse('2026-01-20T00:00:00Z') + crng.int(0, 30) * DAY_MS), ['CONDOLENCE', 'OUTBOUND'], [a.member], null, a.assignment, a.leaders);
    await flushVisits();

    // Opinions: 60% raised in a visit, the rest by a member directly; answers and history by status.
    const fb = new BulkTable('feedback', [
      { name: 'id', param: 'uuid' }, { name: 'visit_id', param: 'uuid' }, { name: 'raised_by_member_id', param: 'uuid' }, { name: 'raised_on', param: 'date' },
      { name: 'category', param: 'text', cast: 'feedback_category' }, { name: 'text', param: 'text' }, { name: 'status', param: 'text', cast: 'feedback_status' },
      { name: 'assignee_unit', param: 'text' }, { name: 'assignee_official_id', param: 'uuid' }, { name: 'county_code', param: 'text' }, { name: 'due_on', param: 'date' },
      { name: 'satisfaction', param: 'int', cast: 'smallint' }, { name: 'first_answered_at', param: 'timestamptz' }, { name: 'closed_at', param: 'timestamptz' },
      { name: 'created_by', param: 'uuid' }, { name: 'created_at', param: 'timestamptz' },
    ]);
    const answers = new BulkTable('feedback_answer', [
      { name: 'feedback_id', param: 'uuid' }, { name: 'text', param: 'text' }, { name: 'answered_on', param: 'date' }, { name: 'author_official_id', param: 'uuid' }, { name: 'author_name', param: 'text' }, { name: 'created_at', param: 'timestamptz' },
    ]);
    const events = new BulkTable('feedback_event', [
      { name: 'feedback_id', param: 'uuid' }, { name: 'action', param: 'text' }, { name: 'from_status', param: 'text', cast: 'feedback_status' }, { name: 'to_status', param: 'text', cast: 'feedback_status' }, { name: 'at', param: 'timestamptz' },
    ]);
    const frng = rng.fork('feedback');
    const officialCounty = new Map(officialRows.map((o) => [o.id, o.county]));
    let answerCount = 0;
    for (let i = 0; i < options.opinions; i++) {
      const id = frng.uuid();
      const visit = frng.chance(0.6) ? frng.pick(visits) : null;
      const member = frng.pick(members);
      const raisedOn = visit?.on ?? dayOf(from + Math.floor(frng.next() * (to - from) / DAY_MS) * DAY_MS);
      const raisedAt = Date.parse(`${raisedOn}T09:00:00Z`);
      const status = STATUSES.pick(frng);
      const assignee = status === 'OPEN' ? null : frng.pick(visit?.officials ?? [frng.pick(officialRows).id]);
      const answeredAt = status === 'ANSWERED' || status === 'CLOSED' ? raisedAt + frng.int(1, 60) * DAY_MS : null;
      const closedAt = status === 'CLOSED' && answeredAt ? answeredAt + frng.int(1, 20) * DAY_MS : null;
      const due = dayOf(raisedAt + frng.int(15, 90) * DAY_MS);
      fb.add(id, visit?.id ?? null, visit && frng.chance(0.5) ? null : member.id, raisedOn, CATEGORIES.pick(frng), `关于${frng.pick(TOPICS)}的意见建议 ${i + 1}`, status,
        null, assignee, assignee ? (officialCounty.get(assignee) ?? null) : null, due,
        closedAt && frng.chance(0.8) ? frng.int(2, 5) : null, answeredAt ? new Date(answeredAt).toISOString() : null, closedAt ? new Date(closedAt).toISOString() : null, actor, new Date(raisedAt).toISOString());
      events.add(id, 'RAISED', null, 'OPEN', new Date(raisedAt).toISOString());
      if (assignee) events.add(id, 'ASSIGNED', 'OPEN', 'ASSIGNED', new Date(raisedAt + DAY_MS).toISOString());
      if (answeredAt) {
        answers.add(id, `已协调办理（${frng.pick(TOPICS)}）`, dayOf(answeredAt), assignee, '承办人', new Date(answeredAt).toISOString());
        answerCount += 1;
        events.add(id, 'ANSWERED', 'ASSIGNED', 'ANSWERED', new Date(answeredAt).toISOString());
      }
      if (closedAt) events.add(id, 'CLOSED', 'ANSWERED', 'CLOSED', new Date(closedAt).toISOString());
      if (fb.size >= 5000) for (const table of [fb, answers, events]) await table.flush(em, table.take());
    }
    for (const table of [fb, answers, events]) await table.flush(em, table.take());

    // One audit event per official, visit and opinion written, in three statements.
    const metadata = JSON.stringify({ source: 'seed:scale', seed: options.seed });
    await em.query(
      `INSERT INTO audit_event (actor_id, actor_email, actor_role, operation, entity_type, entity_id, changes, metadata)
       SELECT $1, $2, 'ADMIN', op, kind, id::text, '[]'::jsonb, $3::jsonb FROM (
         SELECT '${SEED_OFFICIAL}' AS op, 'Official' AS kind, id FROM official WHERE id = ANY($4::uuid[])
         UNION ALL SELECT '${SEED_VISIT}', 'Visit', id FROM visit
         UNION ALL SELECT '${SEED_FEEDBACK}', 'Feedback', id FROM feedback WHERE created_by IS NOT DISTINCT FROM $1) s`,
      [actor, SCALE_SEED_ACCOUNT.email, metadata, officialRows.map((o) => o.id)],
    );
    const summary: ScaleVisitsSummary = {
      officials: officialRows.length,
      visits: visits.length,
      opinions: options.opinions,
      answers: answerCount,
      groups: groupCount,
      assignments: assignmentCount,
      completed: toVisit.length,
      seconds: (performance.now() - started) / 1000,
    };
    log(`Seeded ${summary.officials} officials, ${summary.visits} visits (${summary.completed} for the campaign), ${summary.opinions} opinions, ${summary.answers} answers, a campaign of ${summary.groups} groups and ${summary.assignments} assignments in ${summary.seconds.toFixed(1)} s`);
    return summary;
  });
}

/** Removes what seedScaleVisits made (visits and opinions written by the scale account, its campaign and officials). */
export async function resetScaleVisits(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (em) => {
    await em.query(`DELETE FROM feedback_event WHERE feedback_id IN (SELECT id FROM feedback WHERE created_by = $1)`, [SCALE_SEED_ACCOUNT.id]);
    await em.query(`DELETE FROM feedback_answer WHERE feedback_id IN (SELECT id FROM feedback WHERE created_by = $1)`, [SCALE_SEED_ACCOUNT.id]);
    await em.query(`DELETE FROM feedback WHERE created_by = $1`, [SCALE_SEED_ACCOUNT.id]);
    await em.query(`DELETE FROM visit WHERE created_by = $1`, [SCALE_SEED_ACCOUNT.id]);
    await em.query(`DELETE FROM campaign WHERE name = $1`, [SCALE_CAMPAIGN]);
    await em.query(
      `DELETE FROM official o WHERE o.id::text IN (SELECT entity_id FROM audit_event WHERE operation = '${SEED_OFFICIAL}')
         AND NOT EXISTS (SELECT 1 FROM visit_official WHERE official_id = o.id) AND NOT EXISTS (SELECT 1 FROM feedback WHERE assignee_official_id = o.id)
         AND NOT EXISTS (SELECT 1 FROM campaign_group_leader WHERE official_id = o.id) AND NOT EXISTS (SELECT 1 FROM app_user WHERE official_id = o.id)
         AND NOT EXISTS (SELECT 1 FROM feedback_answer WHERE author_official_id = o.id)`,
    );
  });
}
