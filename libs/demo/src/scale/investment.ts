import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { SCALE_SEED_ACCOUNT } from './scale-seed';

/** Scale projects carry this name prefix (so a benchmark can tell them from demo projects). */
export const SCALE_PROJECT_PREFIX = '规模项目';

export interface ScaleInvestmentOptions {
  projects: number;
  funding: number;
  seed: number;
  homeRegionCode?: string;
  log?: (line: string) => void;
}

export interface ScaleInvestmentSummary {
  projects: number;
  funding: number;
  officials: number;
  investors: number;
  ms: number;
}

/**
 * Scale data for returning-investment projects (npm run seed:scale -- --projects, bench:investment):
 * `projects` projects over 2012–2015 across the home counties, stages and industries (a fifth key
 * projects), each with a liaison leader and a service officer and one or two investors when there
 * are members; `funding` funds-in-place records on the signed ones, dated after their signing;
 * targets for the city and each county. Set-based SQL (deterministic for a seed through setseed),
 * each project audited with one `investmentProject.seed` event. Runs once: a database that
 * already holds scale projects is left alone.
 */
export async function seedScaleInvestment(dataSource: DataSource, options: ScaleInvestmentOptions): Promise<ScaleInvestmentSummary | null> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const home = options.homeRegionCode ?? '330300';
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed-scale']);
    const [{ n: existing }] = (await em.query(`SELECT count(*)::int AS n FROM investment_project WHERE name LIKE $1`, [`${SCALE_PROJECT_PREFIX}%`])) as { n: number }[];
    if (existing > 0) {
      log(`The database already holds ${existing} scale projects: no projects seeded`);
      return null;
    }
    const counties = ((await em.query(`SELECT code FROM region WHERE parent_code = $1 AND level = 'COUNTY' ORDER BY code`, [home])) as { code: string }[]).map((r) => r.code);
    if (!counties.length) throw new Error(`no counties under ${home}: load the regions first`);
    // Officials: use those there are; make a city team when there are too few.
    const [{ n: officials }] = (await em.query('SELECT count(*)::int AS n FROM official WHERE active')) as { n: number }[];
    if (officials < 20) {
      await em.query(
        `INSERT INTO official (name, name_pinyin, name_initials, title, unit, level, county_code)
         SELECT '招商干部' || i, 'zhaoshangganbu' || i, 'zsgb' || i, CASE WHEN i <= 5 THEN '副市长' ELSE '服务员' END, '市经合办',
                CASE WHEN i <= 10 THEN 'CITY' ELSE 'COUNTY' END::official_level, CASE WHEN i <= 10 THEN NULL ELSE ($1::text[])[1 + i % array_length($1::text[], 1)] END
         FROM generate_series(1, 40) i`,
        [counties],
      );
    }
    await em.query('SELECT setseed($1)', [((options.seed % 1000) + 1) / 1001]);
    const [account] = (await em.query('SELECT id FROM app_user WHERE id = $1', [SCALE_SEED_ACCOUNT.id])) as { id: string }[];
    const actor = account?.id ?? null;

    // Projects: stage by weight; dates from the lead on, each later stage 30–240 days after the one before.
    await em.query(
      `WITH chambers AS (SELECT array_agg(id ORDER BY id) AS ids FROM (SELECT id FROM chamber WHERE status IN ('ACTIVE', 'PREPARING') ORDER BY id LIMIT 2000) c),
       base AS (
         SELECT i, random() AS s, random() AS k, random() AS c, random() AS m,
                DATE '2012-01-01' + (random() * 1300)::int AS lead_on,
                30 + (random() * 120)::int AS d1, 30 + (random() * 210)::int AS d2, 60 + (random() * 240)::int AS d3
         FROM generate_series(1, $1::int) i
       ), staged AS (
         SELECT *, CASE WHEN s < 0.15 THEN 'LEAD' WHEN s < 0.40 THEN 'SIGNED' WHEN s < 0.68 THEN 'STARTED' WHEN s < 0.92 THEN 'IN_PRODUCTION' WHEN s < 0.97 THEN 'STALLED' ELSE 'CANCELLED' END AS stage,
                CASE WHEN s < 0.15 THEN 0 WHEN s < 0.40 THEN 1 WHEN s < 0.68 THEN 2 WHEN s < 0.92 THEN 3 WHEN s < 0.97 THEN 1 + (i % 2) ELSE i % 3 END AS line
         FROM base
       )
       INSERT INTO investment_project (name, destination_county_code, chamber_id, industry_code, key_level, is_expansion, total_investment, contracted_investment, land_mu, expected_jobs,
                                       stage, line_stage, stage_reason, lead_on, signed_on, started_on, production_on, stalled_on, cancelled_on, created_by, created_at)
       SELECT $2 || lpad(i::text, 5, '0'),
              ($3::text[])[1 + (i % array_length($3::text[], 1))],
              CASE WHEN c < 0.8 AND (SELECT ids FROM chambers) IS NOT NULL THEN (SELECT ids FROM chambers)[1 + (i * 7) % array_length((SELECT ids FROM chambers), 1)] END,
              (ARRAY['C','C','C','F','G','I','K','L','M','N','38','39','26','34','E'])[1 + (i % 15)],
              CASE WHEN k < 0.07 THEN 'CITY' WHEN k < 0.20 THEN 'COUNTY' END::investment_key_level,
              m < 0.3,
              round((1000000 + random() * 2000000000)::numeric, 2),
              round((800000 + random() * 1500000000)::numeric, 2),
              round((random() * 500)::numeric, 2),
              (random() * 2000)::int,
              stage::investment_stage,
              (ARRAY['LEAD','SIGNED','STARTED','IN_PRODUCTION'])[line + 1]::investment_stage,
              CASE WHEN stage = 'STALLED' THEN '资金未落实' WHEN stage = 'CANCELLED' THEN '投资方撤资' END,
              lead_on,
              CASE WHEN line >= 1 THEN lead_on + d1 END,
              CASE WHEN line >= 2 THEN lead_on + d1 + d2 END,
              CASE WHEN line >= 3 THEN lead_on + d1 + d2 + d3 END,
              CASE WHEN stage = 'STALLED' THEN lead_on + d1 + d2 + d3 + 30 END,
              CASE WHEN stage = 'CANCELLED' THEN lead_on + d1 + d2 + d3 + 30 END,
              $4, now() - (($1::int - i) || ' seconds')::interval
       FROM staged`,
      [options.projects, SCALE_PROJECT_PREFIX, counties, actor],
    );
    const scale = `SELECT id, lead_on, signed_on, started_on, production_on, stage FROM investment_project WHERE name LIKE '${SCALE_PROJECT_PREFIX}%'`;
    // Stage history: one event per stage reached.
    await em.query(
      `INSERT INTO project_stage_event (project_id, from_stage, to_stage, on_date, recorded_by)
       SELECT p.id, e.from_stage::investment_stage, e.to_stage::investment_stage, e.on_date, $1 FROM (${scale}) p
       CROSS JOIN LATERAL (VALUES (NULL, 'LEAD', p.lead_on), ('LEAD', 'SIGNED', p.signed_on), ('SIGNED', 'STARTED', p.started_on), ('STARTED', 'IN_PRODUCTION', p.production_on)) e(from_stage, to_stage, on_date)
       WHERE e.on_date IS NOT NULL`,
      [actor],
    );
    // Officials: a liaison leader (city level) and a service officer for each project, from the lead on
    // (not the leader again: an official holds one assignment on a project at a time, ex_project_official_once).
    await em.query(
      `WITH leaders AS (SELECT array_agg(id ORDER BY id) AS ids FROM official WHERE active AND level = 'CITY'),
            officers AS (SELECT array_agg(id ORDER BY id) AS ids FROM official WHERE active),
            p AS (SELECT id, lead_on, row_number() OVER (ORDER BY id) AS rn FROM (${scale}) s),
            picks AS (
              SELECT p.id, p.lead_on,
                     (SELECT ids FROM leaders)[1 + p.rn % array_length((SELECT ids FROM leaders), 1)] AS leader,
                     (SELECT ids FROM officers)[1 + (p.rn * 13) % array_length((SELECT ids FROM officers), 1)] AS officer
              FROM p)
       INSERT INTO project_official (project_id, official_id, role, valid_from)
       SELECT id, leader, 'LIAISON_LEADER'::project_official_role, lead_on FROM picks WHERE leader IS NOT NULL
       UNION ALL
       SELECT id, officer, 'SERVICE_OFFICER'::project_official_role, lead_on FROM picks WHERE officer IS NOT NULL AND officer IS DISTINCT FROM leader`,
    );
    // Investors: one or two members each, when there are members.
    await em.query(
      `WITH m AS (SELECT array_agg(id ORDER BY id) AS ids FROM (SELECT id FROM member WHERE status <> 'MERGED' ORDER BY id LIMIT 20000) x),
            p AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM (${scale}) s)
       INSERT INTO project_investor (project_id, member_id)
       SELECT DISTINCT p.id, (SELECT ids FROM m)[1 + ((p.rn * j * 7919) % array_length((SELECT ids FROM m), 1))]
       FROM p CROSS JOIN generate_series(1, 2) j WHERE (SELECT ids FROM m) IS NOT NULL AND (j = 1 OR p.rn % 3 = 0)`,
    );
    // Funds in place on signed projects, after the signing, none in the future.
    await em.query(
      `WITH p AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(signed_on ORDER BY id) AS signed FROM (${scale}) s WHERE signed_on IS NOT NULL),
            pick AS (SELECT g, 1 + (g * 7919) % array_length(p.ids, 1) AS k, p.ids, p.signed FROM generate_series(0, $1::int - 1) g, p)
       INSERT INTO funding_record (project_id, received_on, amount, source, note, recorded_by)
       SELECT ids[k], least(signed[k] + (random() * 720)::int, CURRENT_DATE), round((100000 + random() * 60000000)::numeric, 2),
              (ARRAY['OUT_OF_PROVINCE','OUT_OF_PROVINCE','OUT_OF_PROVINCE','IN_PROVINCE','FOREIGN'])[1 + (g % 5)]::funding_source, '银行进账单', $2
       FROM pick`,
      [options.funding, actor],
    );
    // Targets: the city and each county, for the years the data covers.
    await em.query(
      `INSERT INTO investment_target (year, unit_kind, county_code, funds_target, new_projects_target)
       SELECT y, 'CITY'::investment_target_unit, NULL, 50000000000, 400 FROM generate_series(2012, 2016) y
       UNION ALL SELECT y, 'COUNTY'::investment_target_unit, c, 5000000000, 40 FROM generate_series(2012, 2016) y, unnest($1::text[]) c
       ON CONFLICT DO NOTHING`,
      [counties],
    );
    await em.query(
      `INSERT INTO audit_event (actor_id, actor_email, actor_role, operation, entity_type, entity_id, changes, metadata)
       SELECT $1, $2, 'ADMIN', 'investmentProject.seed', 'InvestmentProject', id::text, '[]'::jsonb, $3::jsonb FROM (${scale}) s`,
      [actor, SCALE_SEED_ACCOUNT.email, JSON.stringify({ source: 'seed:scale', seed: options.seed })],
    );
    const [counts] = (await em.query(
      `SELECT (SELECT count(*)::int FROM (${scale}) s) AS projects, (SELECT count(*)::int FROM funding_record) AS funding,
              (SELECT count(*)::int FROM project_official) AS officials, (SELECT count(*)::int FROM project_investor) AS investors`,
    )) as { projects: number; funding: number; officials: number; investors: number }[];
    const ms = performance.now() - started;
    log(`${counts.projects} projects, ${counts.funding} funding records, ${counts.officials} official assignments, ${counts.investors} investor links in ${(ms / 1000).toFixed(1)} s`);
    return { ...counts, ms };
  });
}
