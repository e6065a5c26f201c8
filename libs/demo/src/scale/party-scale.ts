import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { makeIdNumber } from '@crm/member';
import {
  CreatePartyMemberInput,
  PartyAttendance,
  PartyCommitteeService,
  PartyLifeService,
  PartyMeetingKind,
  PartyMeetingMode,
  PartyMeetingStatus,
  PartyMemberService,
  PartyMemberStanding,
  PartyOrganizationService,
  PartyOrgKind,
} from '@crm/party';
import { AppConfig, loadConfig } from '@crm/shared';
import { Rng } from './random';
import { seedAccount, SCALE_CHAMBER_NOTE } from './scale-seed';
import { ScaleSeedModule } from './scale-seed.module';
import { GIVEN_NAME_CHARS, SURNAMES } from './surnames';

export interface PartyScaleOptions {
  partyMembers: number;
  seed: number;
  config?: AppConfig;
  /** Branches that get a quarter of organisation life (default 100). */
  unitsWithMeetings?: number;
  log?: (line: string) => void;
}

export interface PartyScaleSummary {
  committees: number;
  units: number;
  partyMembers: number;
  linked: number;
  meetings: number;
  ms: number;
}

/** The operation of every party member the scale seed writes (metadata: source and seed). */
export const SCALE_PARTY_MEMBER_OPERATION = 'partyMember.seed';

/**
 * Scale party data, written through the party services (their rules, scope and audit): a working
 * committee for every province that has an active provincial (or capital) chamber and no live
 * committee yet, hosted there; a unit for about 70% of the province's other active chambers
 * (branches, joint branches of two chambers, general branches with a branch below, expanded
 * branches), under a 党委 attached to the host; `partyMembers` party members in those branches
 * (a third linked to merchants of the base, two thirds mobile), written by
 * PartyMemberService.createMany in batches; and the third quarter of 2026 of organisation life
 * in `unitsWithMeetings` branches. Deterministic for a seed and a database.
 */
export async function seedPartyScale(dataSource: DataSource, options: PartyScaleOptions): Promise<PartyScaleSummary> {
  const config = options.config ?? loadConfig({ JWT_SECRET: randomBytes(32).toString('hex') });
  const app = await NestFactory.createApplicationContext(ScaleSeedModule.forRoot(dataSource.options, config), { logger: ['error', 'warn'] });
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const committees = app.get(PartyCommitteeService);
    const units = app.get(PartyOrganizationService);
    const members = app.get(PartyMemberService);
    const life = app.get(PartyLifeService);
    const { caller } = await db.transaction((em) => seedAccount(em, app.get(AuditService)));
    const rng = new Rng(options.seed).fork('party');

    // ---- Committees and units ---------------------------------------------------------------
    const hosts = (await db.query(
      `SELECT DISTINCT ON (c.province_code) c.id, c.province_code, r.name AS province FROM chamber c JOIN region r ON r.code = c.province_code || '0000'
       WHERE c.status = 'ACTIVE' AND c.kind = 'REGIONAL' AND (c.level = 'PROVINCIAL' OR (c.level = 'PREFECTURE' AND c.region_code = c.province_code || '0100'))
         AND NOT EXISTS (SELECT 1 FROM party_working_committee w WHERE w.province_code = c.province_code AND w.status = 'ACTIVE')
       ORDER BY c.province_code, c.level DESC, c.id`,
    )) as { id: string; province_code: string; province: string }[];
    const branches: string[] = [];
    let unitCount = 0;
    for (const host of hosts) {
      const committee = await committees.create(caller, { name: `中共${host.province}温州商会工作委员会`, hostChamberId: host.id, foundedOn: `${2008 + rng.int(0, 12)}-07-01` });
      const top = await units.create(caller, { name: `中共${host.province}温州商会委员会`, kind: PartyOrgKind.Committee, committeeId: committee.id, chamberIds: [host.id], managers: [] });
      unitCount += 1;
      const chambers = ((await db.query(
        `SELECT c.id, c.name FROM chamber c WHERE c.province_code = $1 AND c.status = 'ACTIVE' AND c.id <> $2 ORDER BY c.name_pinyin, c.id`,
        [host.province_code, host.id],
      )) as { id: string; name: string }[]).filter(() => rng.chance(0.7));
      for (let i = 0; i < chambers.length; i += 1) {
        const c = chambers[i];
        const roll = rng.next();
        if (roll < 0.08 && i + 1 < chambers.length) {
          const d = chambers[(i += 1)];
          branches.push((await units.create(caller, { name: `中共${c.name}${d.name}联合支部委员会`.slice(0, 100), kind: PartyOrgKind.JointBranch, parentId: top.id, chamberIds: [c.id, d.id], managers: [] })).id);
          unitCount += 1;
        } else if (roll < 0.15) {
          const general = await units.create(caller, { name: `中共${c.name}总支部委员会`.slice(0, 100), kind: PartyOrgKind.GeneralBranch, parentId: top.id, chamberIds: [c.id], managers: [] });
          branches.push((await units.create(caller, { name: `中共${c.name}第一支部委员会`.slice(0, 100), kind: PartyOrgKind.Branch, parentId: general.id, chamberIds: [], managers: [] })).id);
          unitCount += 2;
        } else {
          const kind = roll < 0.18 ? PartyOrgKind.ExpandedBranch : PartyOrgKind.Branch;
          branches.push((await units.create(caller, { name: `中共${c.name}${kind === PartyOrgKind.ExpandedBranch ? '拓展型' : ''}支部委员会`.slice(0, 100), kind, parentId: top.id, chamberIds: [c.id], managers: [] })).id);
          unitCount += 1;
        }
      }
    }
    if (!branches.length) {
      const existing = (await db.query(`SELECT id FROM party_organization WHERE status = 'ACTIVE' AND kind IN ('BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH') ORDER BY id`)) as { id: string }[];
      branches.push(...existing.map((r) => r.id));
    }
    if (!branches.length) throw new Error('No branch to put party members in: the database has no active provincial or capital chamber without a committee');
    log(`${hosts.length} working committees, ${unitCount} units (${branches.length} branches) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // ---- Party members ------------------------------------------------------------------------
    const clock = performance.now();
    const linkable = (await db.query(
      `SELECT m.id FROM member m WHERE m.status = 'ACTIVE' AND m.id_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM party_member p WHERE p.member_id = m.id)
       ORDER BY m.id LIMIT $1`,
      [Math.floor(options.partyMembers / 3)],
    )) as { id: string }[];
    const counties = ((await db.query(`SELECT code FROM region WHERE parent_code = $1 AND level = 'COUNTY' ORDER BY code`, [config.HOME_REGION_CODE])) as { code: string }[]).map((r) => r.code);
    const [{ n: existingPeople }] = (await db.query(`SELECT count(*)::int AS n FROM party_member`)) as { n: number }[];
    const perBranch = new Map<string, string[]>();
    let written = 0;
    const batch = 2000;
    for (let start = 0; start < options.partyMembers; start += batch) {
      const inputs: CreatePartyMemberInput[] = [];
      for (let i = start; i < Math.min(options.partyMembers, start + batch); i += 1) {
        const branch = branches[rng.int(0, branches.length - 1)];
        const mobile = rng.chance(0.66);
        const common = {
          organizationId: branch,
          relationCountyCode: counties.length ? counties[rng.int(0, counties.length - 1)] : undefined,
          joinedOn: `${1980 + rng.int(0, 44)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
          standing: rng.chance(0.05) ? PartyMemberStanding.Probationary : PartyMemberStanding.Full,
          mobile,
          mobileDestination: mobile ? '外出经商' : undefined,
          mobileSince: mobile ? `${2000 + rng.int(0, 25)}-03-01` : undefined,
        } as CreatePartyMemberInput;
        if (i < linkable.length) {
          inputs.push({ ...common, memberId: linkable[i].id });
        } else {
          // 330300 is the prefecture's own code: no member of the base (hometowns are its counties) has such a number.
          const n = existingPeople + i;
          // makeIdNumber nudges the sequence's last digit to the gender's parity: even sequences only, so no two coincide.
          const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 450) * 86_400_000).toISOString().slice(0, 10);
          const gender = rng.chance(0.3) ? 'FEMALE' : 'MALE';
          const given = gender === 'FEMALE' ? GIVEN_NAME_CHARS.female.classic : GIVEN_NAME_CHARS.male.classic;
          const name = `${rng.pick(SURNAMES)[0]}${rng.pick([...given.first])}${rng.chance(0.7) ? rng.pick([...given.second]) : ''}`;
          inputs.push({ ...common, name, idNumber: makeIdNumber('330300', birth, 100 + (n % 450) * 2, gender), phones: [`13${String(rng.int(500000000, 999999999))}`] });
        }
      }
      const ids = await db.transaction((em) =>
        members.createMany(em, caller, inputs, { field: (i) => `rows.${start + i}`, operation: SCALE_PARTY_MEMBER_OPERATION, metadata: { source: SCALE_CHAMBER_NOTE, seed: options.seed } }),
      );
      ids.forEach((id, k) => {
        const b = inputs[k].organizationId as string;
        const list = perBranch.get(b) ?? [];
        if (list.length < 40) list.push(id);
        perBranch.set(b, list);
      });
      written += ids.length;
    }
    log(`${written} party members (${Math.min(linkable.length, written)} linked to members) in ${((performance.now() - clock) / 1000).toFixed(1)} s`);

    // ---- A quarter of organisation life in some branches ------------------------------------------
    const lifeClock = performance.now();
    let meetings = 0;
    const withMeetings = [...perBranch.keys()].slice(0, options.unitsWithMeetings ?? 100);
    for (const organizationId of withMeetings) {
      const people = perBranch.get(organizationId) ?? [];
      const attendance = people.map((id) => ({ partyMemberId: id, attendance: rng.chance(0.8) ? PartyAttendance.Present : rng.chance(0.5) ? PartyAttendance.OnLeave : PartyAttendance.Absent }));
      const record = (kind: PartyMeetingKind, heldOn: string) =>
        life.record(caller, { organizationId, kind, mode: rng.chance(0.3) ? PartyMeetingMode.Online : PartyMeetingMode.OnSite, status: PartyMeetingStatus.Held, heldOn, topic: `${heldOn} 组织生活`, attendance });
      await record(PartyMeetingKind.GeneralAssembly, '2026-07-10');
      await record(PartyMeetingKind.PartyLecture, '2026-08-12');
      for (const month of ['07', '08', '09']) {
        await record(PartyMeetingKind.BranchCommittee, `2026-${month}-03`);
        if (rng.chance(0.85)) await record(PartyMeetingKind.GroupMeeting, `2026-${month}-18`);
        meetings += 1;
      }
      meetings += 2;
    }
    log(`${meetings}+ meetings in ${withMeetings.length} branches in ${((performance.now() - lifeClock) / 1000).toFixed(1)} s`);
    await db.query('ANALYZE party_working_committee, party_organization, party_organization_chamber, party_member, party_meeting, party_meeting_attendance');
    return { committees: hosts.length, units: unitCount, partyMembers: written, linked: Math.min(linkable.length, written), meetings, ms: performance.now() - started };
  } finally {
    await app.close();
  }
}

/** Party data under committees hosted by scale chambers (what seedPartyScale made), removed before the chambers. */
export async function resetPartyScale(dataSource: DataSource, log: (line: string) => void = () => undefined): Promise<number> {
  return dataSource.transaction(async (em) => {
    await em.query(
      `CREATE TEMP TABLE scale_party_committee ON COMMIT DROP AS
       SELECT w.id FROM party_working_committee w
       WHERE EXISTS (SELECT 1 FROM chamber_event ev WHERE ev.chamber_id = w.host_chamber_id AND ev.type = 'FOUNDED' AND ev.note = $1)`,
      [SCALE_CHAMBER_NOTE],
    );
    await em.query(`CREATE TEMP TABLE scale_party_unit ON COMMIT DROP AS SELECT id FROM party_organization WHERE root_committee_id IN (SELECT id FROM scale_party_committee)`);
    await em.query(`DELETE FROM party_meeting_attendance WHERE meeting_id IN (SELECT id FROM party_meeting WHERE organization_id IN (SELECT id FROM scale_party_unit))`);
    await em.query(`DELETE FROM party_meeting WHERE organization_id IN (SELECT id FROM scale_party_unit)`);
    await em.query(`UPDATE party_committee_member SET party_member_id = NULL WHERE party_member_id IN (SELECT id FROM party_member WHERE organization_id IN (SELECT id FROM scale_party_unit))`);
    await em.query(`DELETE FROM party_meeting_attendance WHERE party_member_id IN (SELECT id FROM party_member WHERE organization_id IN (SELECT id FROM scale_party_unit) OR relation_organization_id IN (SELECT id FROM scale_party_unit))`);
    const [, removed] = (await em.query(
      `DELETE FROM party_member WHERE organization_id IN (SELECT id FROM scale_party_unit) OR relation_organization_id IN (SELECT id FROM scale_party_unit)`,
    )) as [unknown, number];
    await em.query(`UPDATE party_relation_transfer SET organization_id = NULL WHERE organization_id IN (SELECT id FROM scale_party_unit)`);
    await em.query(`UPDATE party_evaluation SET organization_id = NULL WHERE organization_id IN (SELECT id FROM scale_party_unit)`);
    await em.query(`DELETE FROM party_organization WHERE id IN (SELECT id FROM scale_party_unit)`);
    await em.query(`DELETE FROM party_working_committee WHERE id IN (SELECT id FROM scale_party_committee)`);
    log(`party: removed ${removed ?? 0} party members and the units and committees of scale chambers`);
    return removed ?? 0;
  });
}
