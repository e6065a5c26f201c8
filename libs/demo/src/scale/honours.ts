import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Caller, Role } from '@crm/auth';
import {
  BulkNomination,
  HonorAwardService,
  HonorBenefitKind,
  HonorBenefitStatus,
  HonorBulkWriter,
  HonorCatalogueService,
  HonorLevel,
  HonorNominationStatus,
  HonorRoundService,
  HonorSubjectKind,
  HonorTypeDto,
} from '@crm/honor';
import { MemberDesignation } from '@crm/member';
import { loadConfig } from '@crm/shared';
import { Rng } from './random';
import { SCALE_SEED_ACCOUNT } from './scale-seed';
import { ScaleSeedModule } from './scale-seed.module';

/** Names of the scale seed's honour types and rounds start with this; resetHonoursScale removes them. */
export const HONOURS_SCALE_PREFIX = '规模数据·';

export interface HonoursScaleOptions {
  /** Awards to make (about 3 benefit records each). */
  awards: number;
  seed: number;
  log?: (line: string) => void;
}

export interface HonoursScaleSummary {
  types: number;
  rounds: number;
  nominations: number;
  awards: number;
  benefits: number;
  settled: number;
  revoked: number;
  ms: number;
}

const TYPES = [
  { name: '温商回归先进人物', kind: HonorSubjectKind.Member, weight: 0.55, designation: null },
  { name: '温商回归功勋人物', kind: HonorSubjectKind.Member, weight: 0.1, designation: null },
  { name: '百名领头雁', kind: HonorSubjectKind.Member, weight: 0.3, designation: MemberDesignation.LeadGoose },
  { name: '争先创优先进商会', kind: HonorSubjectKind.Chamber, weight: 0.05, designation: null },
] as const;

/**
 * Honours at scale for benchmarks, through the honour library: `awards` awards (three benefit
 * records each: 10,000 awards give 30,000 benefits) over ten yearly rounds. Each round's
 * nominations are written in bulk (HonorBulkWriter; about 20% more than the awards, rejected or
 * withdrawn), then published and confirmed by HonorRoundService as the office would (awards,
 * certificates, benefits, LEAD_GOOSE designations through the member writer, audit); about half
 * of the benefits are then settled and 1% of awards revoked; the last round stays open with
 * nominations in every state. Needs members (npm run seed:scale first makes them). Deterministic
 * for a seed; one transaction per round step.
 */
export async function seedHonoursScale(dataSource: DataSource, options: HonoursScaleOptions): Promise<HonoursScaleSummary> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const config = loadConfig({ JWT_SECRET: randomBytes(32).toString('hex') });
  const app = await NestFactory.createApplicationContext(ScaleSeedModule.forRoot(dataSource.options, config), { logger: ['error', 'warn'] });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const catalogue = app.get(HonorCatalogueService);
    const rounds = app.get(HonorRoundService);
    const bulk = app.get(HonorBulkWriter);
    const awardService = app.get(HonorAwardService);
    const [account] = (await ds.query(`SELECT id, email FROM app_user WHERE email = $1 AND role = 'ADMIN'`, [SCALE_SEED_ACCOUNT.email])) as { id: string; email: string }[];
    if (!account) throw new Error('The scale seed account is missing: run npm run seed:scale -- --members N first');
    const caller: Caller = { id: account.id, email: account.email, role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null };
    const [{ n: existing }] = (await ds.query(`SELECT count(*)::int AS n FROM honor_round WHERE name LIKE $1`, [`${HONOURS_SCALE_PREFIX}%`])) as { n: number }[];
    if (existing > 0) throw new Error('The database already holds scale honours; reset them first (npm run seed:scale -- --reset)');

    const rng = new Rng(options.seed).fork('honours');
    const roundCount = 10;
    const perRound = Math.ceil(options.awards / (roundCount - 1));
    const members = (await ds.query(
      `SELECT id, hometown_code AS "countyCode", chamber_ids[1] AS "chamberId" FROM member WHERE status = 'ACTIVE' ORDER BY id LIMIT $1`,
      [Math.ceil(perRound * 1.4) * roundCount],
    )) as { id: string; countyCode: string | null; chamberId: string | null }[];
    const chambers = (await ds.query(`SELECT id FROM chamber WHERE status = 'ACTIVE' ORDER BY id`)) as { id: string }[];
    if (members.length < perRound * 1.3) throw new Error(`Only ${members.length} members: seed more members first`);

    const types: ((typeof TYPES)[number] & { dto: HonorTypeDto })[] = [];
    for (const t of TYPES) {
      types.push({
        ...t,
        dto: await catalogue.create(caller, {
          name: `${HONOURS_SCALE_PREFIX}${t.name}`,
          subjectKind: t.kind,
          awardingBody: '温州市人民政府',
          level: HonorLevel.City,
          recursYearly: true,
          grantsDesignation: t.designation,
          benefits: [
            { name: '列席市两会', kind: HonorBenefitKind.Political, yearly: true },
            { name: '重点项目优先服务', kind: HonorBenefitKind.Economic, yearly: false },
            { name: '春节慰问', kind: HonorBenefitKind.Social, yearly: false },
          ],
        }),
      });
    }
    const pickType = () => {
      let x = rng.next();
      for (const t of types) if ((x -= t.weight) <= 0) return t;
      return types[0];
    };

    let nominations = 0;
    let made = 0;
    let cursor = 0;
    for (let r = 0; r < roundCount; r++) {
      const year = 2016 + r;
      const last = r === roundCount - 1;
      const round = await rounds.create(caller, { name: `${HONOURS_SCALE_PREFIX}${year}年度温商回归表彰`, year, heldOn: `${year}-02-01`, types: types.map((t) => ({ honorTypeId: t.dto.id, quota: null })) });
      const want = last ? Math.min(2000, perRound) : Math.min(perRound, options.awards - made);
      const rows: BulkNomination[] = [];
      const taken = new Set<string>();
      const extra = Math.round(want * 0.2);
      let approvedSoFar = 0;
      for (let i = 0; rows.length < want + extra && i < (want + extra) * 3; i++) {
        const type = pickType();
        const chamberSubject = type.kind === HonorSubjectKind.Chamber;
        const subject = chamberSubject ? { id: rng.pick(chambers).id, countyCode: null, chamberId: null } : members[cursor++ % members.length];
        const key = `${type.dto.id}|${subject.id}`;
        if (taken.has(key)) continue;
        taken.add(key);
        let status: HonorNominationStatus;
        if (last) status = rng.pick([HonorNominationStatus.Submitted, HonorNominationStatus.Shortlisted, HonorNominationStatus.Approved, HonorNominationStatus.Rejected, HonorNominationStatus.Withdrawn]);
        else status = approvedSoFar < want ? HonorNominationStatus.Approved : rng.chance(0.6) ? HonorNominationStatus.Rejected : HonorNominationStatus.Withdrawn;
        if (status === HonorNominationStatus.Approved) approvedSoFar += 1;
        rows.push({
          roundId: round.id,
          honorTypeId: type.dto.id,
          subjectKind: type.kind,
          subjectId: subject.id,
          countyCode: subject.countyCode,
          nominatingChamberId: chamberSubject ? null : subject.chamberId,
          reason: '回乡投资创业成效明显',
          status,
          decisionReason: status === HonorNominationStatus.Rejected ? '不符合评选条件' : status === HonorNominationStatus.Withdrawn ? '推荐单位撤回' : null,
          nominatedAt: `${year - 1}-12-${String(1 + (rows.length % 28)).padStart(2, '0')}T09:00:00Z`,
        });
      }
      await ds.transaction((em) => bulk.nominations(em, caller, rows, { operation: 'honorNomination.seed', metadata: { source: 'seed:scale', seed: options.seed }, actor: null }));
      nominations += rows.length;
      if (last) break;
      const published = await rounds.publish(caller, round.id, { version: round.version, noticeStartsOn: `${year}-01-10`, noticeEndsOn: `${year}-01-20` });
      const approved = rows.map((row, i) => ({ row, i })).filter(({ row }) => row.status === HonorNominationStatus.Approved);
      const ids = (await ds.query(`SELECT id FROM honor_nomination WHERE round_id = $1 AND status = 'APPROVED' ORDER BY id`, [round.id])) as { id: string }[];
      await rounds.confirm(caller, round.id, {
        version: published.version,
        awardedOn: `${year}-02-01`,
        certificates: ids.map((n, i) => ({ nominationId: n.id, certificateNo: `${year}-${String(i + 1).padStart(5, '0')}`, citation: null })),
      });
      made += approved.length;
      log(`round ${year}: ${rows.length} nominations, ${approved.length} awards (${made} so far)`);
    }

    // About half of what is due is settled; 1% of the awards revoked (their due benefits lapse).
    const due = (await ds.query(
      `SELECT b.id FROM honor_benefit b JOIN honor_award a ON a.id = b.award_id JOIN honor_type t ON t.id = a.honor_type_id WHERE t.name LIKE $1 ORDER BY b.id`,
      [`${HONOURS_SCALE_PREFIX}%`],
    )) as { id: string }[];
    const outcomes = due
      .filter(() => rng.chance(0.5))
      .map((b) => (rng.chance(0.9) ? { id: b.id, status: HonorBenefitStatus.Delivered as const, on: '2026-03-01' } : { id: b.id, status: HonorBenefitStatus.Declined as const, on: null }));
    const settled = await ds.transaction((em) => bulk.settleBenefits(em, caller, outcomes, { operation: 'honorBenefit.seed', metadata: { source: 'seed:scale', seed: options.seed }, actor: null }));
    const toRevoke = (await ds.query(
      `SELECT a.id, a.version FROM honor_award a JOIN honor_type t ON t.id = a.honor_type_id WHERE t.name LIKE $1 ORDER BY a.id LIMIT $2`,
      [`${HONOURS_SCALE_PREFIX}%`, Math.floor(made / 100)],
    )) as { id: string; version: number }[];
    for (const a of toRevoke) await awardService.revoke(caller, a.id, { version: a.version, revokedOn: '2026-06-30', reason: '规模数据：撤销' });
    const [counts] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM honor_award a JOIN honor_type t ON t.id = a.honor_type_id WHERE t.name LIKE $1) AS awards,
              (SELECT count(*)::int FROM honor_benefit b JOIN honor_award a ON a.id = b.award_id JOIN honor_type t ON t.id = a.honor_type_id WHERE t.name LIKE $1) AS benefits`,
      [`${HONOURS_SCALE_PREFIX}%`],
    )) as { awards: number; benefits: number }[];
    await ds.query('ANALYZE honor_nomination, honor_award, honor_benefit, honor_round_type');
    return { types: types.length, rounds: roundCount, nominations, awards: counts.awards, benefits: counts.benefits, settled, revoked: toRevoke.length, ms: performance.now() - started };
  } finally {
    await app.close();
  }
}

/** Removes what seedHonoursScale made (through the honour library's bulk writer). */
export async function resetHonoursScale(dataSource: DataSource): Promise<{ rounds: number; types: number; awards: number; benefits: number; nominations: number }> {
  const config = loadConfig({ JWT_SECRET: randomBytes(32).toString('hex') });
  const app = await NestFactory.createApplicationContext(ScaleSeedModule.forRoot(dataSource.options, config), { logger: ['error', 'warn'] });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    return await ds.transaction((em) => app.get(HonorBulkWriter).removeByPrefix(em, HONOURS_SCALE_PREFIX));
  } finally {
    await app.close();
  }
}
