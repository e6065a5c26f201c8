import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller, Role } from '@crm/auth';
import { ChamberLeadershipService, ChamberService, ChamberStatus, GuildHallService } from '@crm/chamber';
import { CreateMemberInput, makeIdNumber, MemberService, MemberSource } from '@crm/member';
import { RegionService } from '@crm/region';
import {
  PartyAttendance,
  PartyCommitteeService,
  PartyEvaluationGrade,
  PartyLeaderRole,
  PartyLifeService,
  PartyMeetingKind,
  PartyMeetingMode,
  PartyMeetingStatus,
  PartyMemberService,
  PartyMemberStanding,
  PartyOrganizationService,
} from '@crm/party';
import { AppConfig } from '@crm/shared';
import { PasswordService, UserEntity, userAuditSnapshot, UserService } from '@crm/user';
import { DEMO_CHAMBERS, DEMO_GUILD_HALLS, DEMO_LEADERSHIP, DEMO_SECRETARIES, demoRunningTerm } from './demo-chambers';
import { DemoFlowSeed } from './demo-flow.seed';
import { DemoHonoursSeed } from './demo-honours.seed';
import { DEMO_PROJECT_OFFICIAL, DemoInvestmentSeeder } from './demo-investment';
import { DEMO_MEMBERS } from './demo-members';
import { DEMO_BRANCHES, DEMO_COMMITTEES, DEMO_PARTY_PEOPLE, DEMO_UNITS } from './demo-party';
import { DEMO_USERS } from './demo-users';
import { DemoVisitsSeeder } from './demo-visits';
import { SeedRunEntity } from './entities/seed-run.entity';

const DEV_ADMIN_EMAIL = 'admin@demo.crm';
const DEV_ADMIN_PASSWORD = 'Wenzhou-admin-2026';
const DEMO_PASSWORD = 'Wenzhou-demo-2026';
/** The demo party-work officer of the Shanghai working committee. */
const DEMO_PARTY_OFFICER = 'party-shanghai@demo.crm';

/**
 * Start-up data: the first administrator (from ADMIN_EMAIL / ADMIN_PASSWORD, with printed
 * defaults outside production), then the demo data set once per database unless SEED=false.
 * Each seed step is recorded in seed_run and never runs twice.
 */
@Injectable()
export class DemoSeedService {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly chambers: ChamberService,
    private readonly leadership: ChamberLeadershipService,
    private readonly guildHalls: GuildHallService,
    private readonly members: MemberService,
    private readonly regions: RegionService,
    private readonly partyCommittees: PartyCommitteeService,
    private readonly partyUnits: PartyOrganizationService,
    private readonly partyMembers: PartyMemberService,
    private readonly partyLife: PartyLifeService,
    private readonly demoVisits: DemoVisitsSeeder,
    private readonly honours: DemoHonoursSeed,
    private readonly demoInvestment: DemoInvestmentSeeder,
    private readonly flow: DemoFlowSeed,
  ) {}

  /** Returns lines for the start-up banner (credentials that were just created). */
  async bootstrap(): Promise<string[]> {
    const banner: string[] = [];
    const usingDefaults = !this.config.ADMIN_EMAIL || !this.config.ADMIN_PASSWORD;
    if (usingDefaults && this.config.isProduction) {
      const hasAdmin = await this.dataSource.query(`SELECT 1 FROM app_user WHERE role = 'ADMIN' AND active LIMIT 1`);
      if (!hasAdmin.length) throw new Error('No administrator exists: set ADMIN_EMAIL and ADMIN_PASSWORD for the first start in production');
    } else {
      const email = this.config.ADMIN_EMAIL ?? DEV_ADMIN_EMAIL;
      const password = this.config.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD;
      const created = await this.users.ensureAdmin(email, password);
      if (created) {
        this.log.log(`Created the first administrator ${created.email}`);
        banner.push(`Administrator: ${created.email} / ${usingDefaults ? password : '(ADMIN_PASSWORD)'}`);
      } else if (usingDefaults) {
        banner.push(`Development administrator (if unchanged): ${DEV_ADMIN_EMAIL} / ${DEV_ADMIN_PASSWORD}`);
      }
    }
    if (this.config.SEED ?? !this.config.isProduction) {
      await this.seedDemoUsers();
      await this.seedDemoChambers();
      await this.seedDemoLeadership();
      await this.seedDemoTerms();
      await this.seedDemoMembers();
      await this.seedDemoParty();
      const system = await this.systemCaller();
      if (system) {
        await this.demoVisits.seed(system);
        await this.honours.seed(system);
        await this.demoInvestment.seed(system, DEMO_PASSWORD);
        await this.flow.seed(system);
      }
      const emails = [...DEMO_USERS.map((u) => u.email), ...DEMO_SECRETARIES.map((s) => s.email), DEMO_PARTY_OFFICER, DEMO_PROJECT_OFFICIAL];
      banner.push(`Demo accounts (password ${DEMO_PASSWORD}): ${emails.join(', ')}`);
    }
    return banner;
  }

  /**
   * The demo chamber network, created through ChamberService like any other, so the history
   * and audit trail look as they would in use; then a secretariat account for two of them.
   */
  private async seedDemoChambers(): Promise<boolean> {
    const step = 'demo-chambers-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const system = await this.systemCaller();
    if (!system) return false;
    const ids = new Map<string, string>();
    for (const c of DEMO_CHAMBERS) {
      const [existing] = (await this.dataSource.query('SELECT id FROM chamber WHERE name = $1', [c.name])) as { id: string }[];
      if (existing) {
        ids.set(c.key, existing.id);
        continue;
      }
      const created = await this.chambers.create(system, {
        name: c.name,
        level: c.level,
        kind: c.kind,
        regionCode: c.regionCode ?? undefined,
        parentId: c.parent ? ids.get(c.parent) : undefined,
        status: c.status ?? ChamberStatus.Active,
        foundedOn: c.foundedOn ?? undefined,
        dualBranded: false,
        address: c.address,
        phone: c.phone,
      });
      ids.set(c.key, created.id);
    }
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    await this.dataSource.transaction(async (em) => {
      for (const s of DEMO_SECRETARIES) {
        if (await em.exists(UserEntity, { where: { email: s.email } })) continue;
        const result = await em.insert(UserEntity, {
          email: s.email,
          displayName: s.displayName,
          role: Role.ChamberSecretary,
          chamberId: ids.get(s.chamber) ?? null,
          passwordHash,
        });
        const user = await em.findOneOrFail(UserEntity, { where: { id: (result.identifiers[0] as { id: string }).id } });
        await this.audit.record(em, { operation: 'user.create', entityType: 'User', entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'demo seed' } });
      }
      await em.insert(SeedRunEntity, { name: step });
    });
    this.log.log(`Seeded ${DEMO_CHAMBERS.length} demo chambers and ${DEMO_SECRETARIES.length} secretariat accounts`);
    return true;
  }

  /** Current terms with their office holders, and guild halls, through the chamber services. */
  private async seedDemoLeadership(): Promise<boolean> {
    const step = 'demo-leadership-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const system = await this.systemCaller();
    if (!system) return false;
    const idOf = async (key: string) => {
      const name = DEMO_CHAMBERS.find((c) => c.key === key)?.name;
      const [row] = (await this.dataSource.query('SELECT id FROM chamber WHERE name = $1', [name])) as { id: string }[];
      return row?.id;
    };
    for (const l of DEMO_LEADERSHIP) {
      const chamberId = await idOf(l.chamber);
      if (!chamberId) continue;
      const term = await this.leadership.startTerm(system, chamberId, { number: l.number, startsOn: l.startsOn });
      for (const [i, [position, holderName]] of l.positions.entries()) {
        await this.leadership.addPosition(system, term.id, { position, holderName, sortOrder: i });
      }
    }
    for (const g of DEMO_GUILD_HALLS) {
      const chamberId = await idOf(g.chamber);
      if (chamberId) await this.guildHalls.set(system, chamberId, { name: g.name, status: g.status, ...g.dates });
    }
    await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log(`Seeded leadership of ${DEMO_LEADERSHIP.length} chambers and ${DEMO_GUILD_HALLS.length} guild halls`);
    return true;
  }

  /**
   * A running term for every other live demo chamber (a later step than the leadership, so
   * databases seeded before it get the terms too). A chamber changed since the seed so that its
   * term cannot be added (ended, merged, a term of its own) is left as it is.
   */
  private async seedDemoTerms(): Promise<boolean> {
    const step = 'demo-terms-v1';
    const runs = this.dataSource.getRepository(SeedRunEntity);
    if (await runs.exists({ where: { name: step } })) return false;
    // Before the network exists there is nothing to give terms to; the step waits for it.
    if (!(await runs.exists({ where: { name: 'demo-chambers-v1' } }))) return false;
    const system = await this.systemCaller();
    if (!system) return false;
    let added = 0;
    for (const c of DEMO_CHAMBERS) {
      const term = demoRunningTerm(c);
      if (!term) continue;
      const [row] = (await this.dataSource.query(
        `SELECT c.id FROM chamber c
          WHERE c.name = $1 AND c.status::text = ANY($2::text[])
            AND NOT EXISTS (SELECT 1 FROM chamber_term t WHERE t.chamber_id = c.id AND t.ends_on IS NULL)`,
        [c.name, [ChamberStatus.Preparing, ChamberStatus.Active]],
      )) as { id: string }[];
      if (!row) continue;
      try {
        await this.leadership.startTerm(system, row.id, term);
        added += 1;
      } catch (error) {
        this.log.warn(`No demo term for ${c.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await runs.insert({ name: step });
    this.log.log(`Seeded running terms of ${added} demo chambers`);
    return true;
  }

  /**
   * The demo information base through MemberService (validation, completeness, audit as in
   * use); then the demo leadership positions are linked to their holders.
   */
  private async seedDemoMembers(): Promise<boolean> {
    const step = 'demo-members-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const system = await this.systemCaller();
    const counties = await this.regions.homeCounties();
    if (!system || !counties.length) return false;
    const chamberIds = new Map<string, string>();
    for (const c of DEMO_CHAMBERS) {
      const [row] = (await this.dataSource.query('SELECT id FROM chamber WHERE name = $1', [c.name])) as { id: string }[];
      if (row) chamberIds.set(c.key, row.id);
    }
    let created = 0;
    for (const [i, m] of DEMO_MEMBERS.entries()) {
      const county = counties[m.county % counties.length]!.code;
      const chamberId = chamberIds.get(m.chamber);
      const member = await this.members.create(system, {
        name: m.name,
        idNumber: m.withIdNumber ? makeIdNumber(county, m.birthDate, 100 + i, m.gender) : undefined,
        birthDate: m.birthDate,
        phones: [m.phone],
        wechat: m.wechat,
        address: m.address,
        hometownCode: county,
        currentRegionCode: DEMO_CHAMBERS.find((c) => c.key === m.chamber)?.regionCode ?? undefined,
        designations: m.designations,
        tags: m.tags,
        source: MemberSource.Manual,
        sourceNote: 'demo data',
        memberships: chamberId ? [{ chamberId, joinedOn: `20${String(10 + (i % 14)).padStart(2, '0')}-03-01` }] : [],
        enterprises: m.enterprise
          ? [{ enterprise: { name: m.enterprise.name, industryCode: m.enterprise.industryCode, size: m.enterprise.size, regionCode: county }, roles: m.enterprise.roles }]
          : [],
        politicalRoles: m.politicalRole ? [{ ...m.politicalRole, regionCode: m.politicalRole.level === 'PREFECTURE' ? this.config.HOME_REGION_CODE : county, startsOn: '2022-01-01' }] : [],
      } as CreateMemberInput);
      created += 1;
      // Link the demo leadership to its holders.
      const positions = (await this.dataSource.query(
        `SELECT p.id FROM chamber_position p WHERE p.holder_name = $1 AND p.chamber_id = $2 AND p.member_id IS NULL`,
        [m.name, chamberId],
      )) as { id: string }[];
      for (const p of positions) await this.leadership.updatePosition(system, p.id, { memberId: member.id });
    }
    await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log(`Seeded ${created} demo members`);
    return true;
  }

  /**
   * The demo party network through the party services (rules and audit as in use): four working
   * committees, units of every kind under them, party members (linked demo members and standalone
   * people, most of them mobile), a half-year of organisation life with attendance, the 2025
   * evaluations, and a party-work officer account for the Shanghai committee.
   */
  private async seedDemoParty(): Promise<boolean> {
    const step = 'demo-party-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const system = await this.systemCaller();
    const counties = await this.regions.homeCounties();
    if (!system || !counties.length) return false;
    const chamberIds = new Map<string, string>();
    for (const c of DEMO_CHAMBERS) {
      const [row] = (await this.dataSource.query('SELECT id FROM chamber WHERE name = $1', [c.name])) as { id: string }[];
      if (row) chamberIds.set(c.key, row.id);
    }
    const committeeIds = new Map<string, string>();
    for (const [i, c] of DEMO_COMMITTEES.entries()) {
      const hostChamberId = chamberIds.get(c.host);
      if (!hostChamberId) continue;
      const committee = await this.partyCommittees.create(system, { name: c.name, hostChamberId, foundedOn: c.foundedOn });
      committeeIds.set(c.key, committee.id);
      await this.partyCommittees.addMember(system, committee.id, { name: ['陈立群', '李向东', '王志远', '郑国华'][i], role: PartyLeaderRole.Secretary, startsOn: '2021-07-01' });
      await this.partyCommittees.addMember(system, committee.id, { name: ['吴建设', '张立新', '周永明', '徐振华'][i], role: PartyLeaderRole.DeputySecretary, startsOn: '2021-07-01' });
    }
    const unitIds = new Map<string, string>();
    for (const u of DEMO_UNITS) {
      const unit = await this.partyUnits.create(system, {
        name: u.name,
        kind: u.kind,
        committeeId: u.committee ? committeeIds.get(u.committee) : undefined,
        parentId: u.parent ? unitIds.get(u.parent) : undefined,
        chamberIds: u.chambers.map((k) => chamberIds.get(k)).filter((id): id is string => !!id),
        foundedOn: '2013-07-01',
        managers: (u.managers ?? []).map((m) => ({ bodyKind: m.bodyKind, bodyName: m.bodyName, role: m.role, chamberId: m.chamber ? chamberIds.get(m.chamber) : undefined, regionCode: m.regionCode })),
      });
      unitIds.set(u.key, unit.id);
    }
    const byBranch = new Map<string, string[]>(DEMO_BRANCHES.map((b) => [b, []]));
    // Merchants of the base who are party members: linked, their data taken from the member.
    const merchants = (await this.dataSource.query(
      `SELECT id, hometown_code FROM member WHERE id_number IS NOT NULL AND status = 'ACTIVE' ORDER BY name_pinyin, id LIMIT 8`,
    )) as { id: string; hometown_code: string | null }[];
    for (const [i, m] of merchants.entries()) {
      const branch = DEMO_BRANCHES[i % DEMO_BRANCHES.length];
      const pm = await this.partyMembers.create(system, {
        memberId: m.id,
        organizationId: unitIds.get(branch),
        relationCountyCode: m.hometown_code ?? counties[0]!.code,
        joinedOn: `${1995 + i}-07-01`,
        standing: PartyMemberStanding.Full,
        mobile: false,
      });
      byBranch.get(branch)?.push(pm.id);
    }
    for (const [i, p] of DEMO_PARTY_PEOPLE.entries()) {
      const county = counties[i % counties.length]!.code;
      const pm = await this.partyMembers.create(system, {
        name: p.name,
        idNumber: makeIdNumber(county, p.birthDate, 500 + i, p.gender),
        phones: [`1390577${String(1000 + i).padStart(4, '0')}`],
        organizationId: unitIds.get(p.branch),
        relationCountyCode: county,
        joinedOn: `${Number(p.birthDate.slice(0, 4)) + 24}-07-01`,
        standing: i === 6 ? PartyMemberStanding.Probationary : PartyMemberStanding.Full,
        mobile: !!p.mobileTo,
        mobileDestination: p.mobileTo,
        mobileSince: p.mobileTo ? `${2010 + (i % 10)}-03-01` : undefined,
      });
      byBranch.get(p.branch)?.push(pm.id);
    }
    // The second half of 2025: 三会一课 with attendance; some branches miss a month (compliance shows it).
    for (const [b, branch] of DEMO_BRANCHES.entries()) {
      const organizationId = unitIds.get(branch) as string;
      const people = byBranch.get(branch) ?? [];
      const attendance = people.map((id, i) => ({ partyMemberId: id, attendance: i === 1 ? PartyAttendance.OnLeave : i === 2 && b % 2 ? PartyAttendance.Absent : PartyAttendance.Present }));
      const record = (kind: PartyMeetingKind, heldOn: string, topic: string) =>
        this.partyLife.record(system, { organizationId, kind, mode: b % 3 === 0 ? PartyMeetingMode.Online : PartyMeetingMode.OnSite, status: PartyMeetingStatus.Held, heldOn, topic, minutes: `${topic}：传达学习有关精神，讨论本支部工作。`, attendance });
      for (const quarterStart of [7, 10]) {
        await record(PartyMeetingKind.GeneralAssembly, `2025-${String(quarterStart).padStart(2, '0')}-08`, '支部党员大会');
        await record(PartyMeetingKind.PartyLecture, `2025-${String(quarterStart + 1).padStart(2, '0')}-12`, '党课：在外温商党建工作');
        for (let month = quarterStart; month < quarterStart + 3; month += 1) {
          await record(PartyMeetingKind.BranchCommittee, `2025-${String(month).padStart(2, '0')}-03`, '支委会');
          if (b % 2 === 0 || month !== quarterStart + 1) await record(PartyMeetingKind.GroupMeeting, `2025-${String(month).padStart(2, '0')}-18`, '党小组会');
        }
      }
      await record(PartyMeetingKind.ThemedDay, '2025-07-01', '主题党日：回归先锋行动');
      const grades = [PartyEvaluationGrade.Excellent, PartyEvaluationGrade.Qualified, PartyEvaluationGrade.Qualified, PartyEvaluationGrade.BasicallyQualified];
      for (const [i, id] of people.entries()) await this.partyMembers.evaluate(system, id, { year: 2025, grade: grades[i % grades.length] });
    }
    // The Shanghai committee's party-work officer.
    const shanghai = committeeIds.get('shanghai');
    if (shanghai && !(await this.dataSource.getRepository(UserEntity).exists({ where: { email: DEMO_PARTY_OFFICER } }))) {
      await this.dataSource.transaction(async (em) => {
        const result = await em.insert(UserEntity, {
          email: DEMO_PARTY_OFFICER,
          displayName: '上海党工委',
          role: Role.PartyOfficer,
          partyCommitteeId: shanghai,
          passwordHash: await this.passwords.hash(DEMO_PASSWORD),
        });
        const user = await em.findOneOrFail(UserEntity, { where: { id: (result.identifiers[0] as { id: string }).id } });
        await this.audit.record(em, { operation: 'user.create', entityType: 'User', entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'demo seed' } });
      });
    }
    await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log(`Seeded ${committeeIds.size} working committees, ${unitIds.size} party units, ${merchants.length + DEMO_PARTY_PEOPLE.length} party members`);
    return true;
  }

  /** The first administrator, acting for the seed (audit events of the seed have no actor). */
  private async systemCaller(): Promise<Caller | null> {
    const [admin] = (await this.dataSource.query(
      `SELECT id, email FROM app_user WHERE role = 'ADMIN' AND active ORDER BY created_at LIMIT 1`,
    )) as { id: string; email: string }[];
    return admin ? { id: admin.id, email: admin.email, role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null } : null;
  }

  private async seedDemoUsers(): Promise<boolean> {
    const step = 'demo-users-v1';
    const passwordHash = await this.passwords.hash(DEMO_PASSWORD);
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed']);
      if (await em.exists(SeedRunEntity, { where: { name: step } })) return false;
      for (const demo of DEMO_USERS) {
        if (await em.exists(UserEntity, { where: { email: demo.email } })) continue;
        const result = await em.insert(UserEntity, {
          email: demo.email,
          displayName: demo.displayName,
          role: demo.role,
          countyCode: demo.countyCode ?? null,
          passwordHash,
        });
        const user = await em.findOneOrFail(UserEntity, { where: { id: (result.identifiers[0] as { id: string }).id } });
        await this.audit.record(em, { operation: 'user.create', entityType: 'User', entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'demo seed' } });
      }
      await em.insert(SeedRunEntity, { name: step });
      this.log.log(`Seeded ${DEMO_USERS.length} demo accounts`);
      return true;
    });
  }
}
