import { AccessService, Caller, Role, ScopedEntity } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { addMembership, createChamber, createMember, createTestApp, createUser, TestApp } from '@crm/testing';

/**
 * Every registered row scope, for every role, read and write: the SQL runs, the in-memory rule
 * (where a library offers one) agrees with it row by row, and a role a rule does not name gets
 * nothing. A new module's entity joins this walk by registering its scope; the list below makes
 * a missing registration fail here.
 */
const EXPECTED: ScopedEntity[] = [
  'ApiKey',
  'AuditEvent',
  'Campaign',
  'CampaignImport',
  'Chamber',
  'Feedback',
  'HonorAward',
  'HonorBenefit',
  'HonorNomination',
  'InvestmentProject',
  'Meeting',
  'MeetingRegistration',
  'Member',
  'MemberImport',
  'Notice',
  'NoticeRecipient',
  'NoticeReturn',
  'Official',
  'PartyMeeting',
  'PartyMember',
  'PartyMemberImport',
  'PartyOrganization',
  'PartyWorkingCommittee',
  'Request',
  'User',
  'Visit',
  'WebhookSubscription',
];

describe('row scopes: every role × every registered entity', () => {
  let t: TestApp;
  let access: AccessService;
  const callers = new Map<Role, Caller>();
  let chambers: ChamberEntity[];

  beforeAll(async () => {
    t = await createTestApp();
    access = t.app.get(AccessService);
    const top = await createChamber(t, { level: ChamberLevel.Provincial });
    const child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const other = await createChamber(t, { level: ChamberLevel.Provincial });
    chambers = [top, child, other];
    const inChild = await createMember(t, { hometownCode: '330302' });
    const inOther = await createMember(t, { hometownCode: '330381' });
    await addMembership(t, inChild.id, child.id);
    await addMembership(t, inOther.id, other.id);
    for (const role of Object.values(Role)) {
      const { user } = await createUser(t, {
        role,
        countyCode: role === Role.CountyOfficer ? '330302' : null,
        chamberId: role === Role.ChamberSecretary ? top.id : null,
      });
      callers.set(role, { id: user.id, email: user.email, role, countyCode: user.countyCode ?? null, chamberId: user.chamberId ?? null, partyCommitteeId: user.partyCommitteeId ?? null, officialId: null });
    }
    // Party rows: the party officer's committee (its account's scope) with a unit attached to the
    // secretary's subtree, and another committee's unit attached elsewhere; a member and a meeting each.
    const mine = (callers.get(Role.PartyOfficer) as Caller).partyCommitteeId as string;
    await t.dataSource.query(`INSERT INTO party_working_committee (id, name, host_chamber_id, province_code) VALUES ($1, '本党工委', $2, '11')`, [mine, top.id]);
    const [{ id: otherCommittee }] = (await t.dataSource.query(`INSERT INTO party_working_committee (name, host_chamber_id, province_code) VALUES ('他党工委', $1, '12') RETURNING id`, [other.id])) as { id: string }[];
    const units = (await t.dataSource.query(
      `INSERT INTO party_organization (name, kind, committee_id, root_committee_id) VALUES ('本支部', 'BRANCH', $1, $1), ('他支部', 'BRANCH', $2, $2) RETURNING id`,
      [mine, otherCommittee],
    )) as { id: string }[];
    await t.dataSource.query(`INSERT INTO party_organization_chamber (organization_id, chamber_id) VALUES ($1, $2), ($3, $4)`, [units[0].id, child.id, units[1].id, other.id]);
    await t.dataSource.query(
      `INSERT INTO party_member (name, name_pinyin, id_number, organization_id, relation_county_code) VALUES ('本党员', 'ben', '330302198001010011', $1, '330302'), ('他党员', 'ta', '330381198001010011', $2, '330381')`,
      [units[0].id, units[1].id],
    );
    await t.dataSource.query(`INSERT INTO party_meeting (organization_id, kind, status, held_on, topic) VALUES ($1, 'PARTY_LECTURE', 'HELD', '2024-01-01', '党课'), ($2, 'PARTY_LECTURE', 'HELD', '2024-01-01', '党课')`, [units[0].id, units[1].id]);
  });

  afterAll(() => t.close());

  const count = async (entity: ScopedEntity, mode: 'read' | 'write', caller: Caller): Promise<string[]> => {
    const table = access.registered().find((r) => r.entity === entity)?.table as string;
    const filter = access.filter(entity, mode, caller, 'x');
    const [sql, params] = t.dataSource.driver.escapeQueryWithParameters(`SELECT x.id::text AS id FROM ${table} x WHERE ${filter.sql} ORDER BY 1`, filter.params, {});
    return ((await t.dataSource.query(sql, params)) as { id: string }[]).map((r) => r.id);
  };

  it('every scoped entity type is registered by its library', () => {
    expect(access.registered().map((r) => r.entity).sort()).toEqual(EXPECTED);
  });

  it('each rule runs for each role and mode; admins reach every row they may read', async () => {
    for (const { entity, table } of access.registered()) {
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
      for (const role of Object.values(Role)) {
        for (const mode of ['read', 'write'] as const) {
          const ids = await count(entity, mode, callers.get(role) as Caller);
          expect(ids.length).toBeLessThanOrEqual(n);
          if (role === Role.Admin && mode === 'read') expect(ids.length).toBe(n);
        }
      }
    }
  });

  it('deny by default: an unregistered entity and roles a rule does not name get no rows', async () => {
    const party = callers.get(Role.PartyOfficer) as Caller;
    expect(await count('Member', 'read', party)).toEqual([]);
    expect(await count('Member', 'write', callers.get(Role.ProjectOfficial) as Caller)).toEqual([]);
    expect(await count('Chamber', 'write', callers.get(Role.CountyOfficer) as Caller)).toEqual([]);
    expect(await count('AuditEvent', 'write', callers.get(Role.Admin) as Caller)).toEqual([]);
    expect(access.filter('Party' as ScopedEntity, 'read', callers.get(Role.Admin) as Caller, 'x').sql).toBe('FALSE');
  });

  it('the in-memory chamber rule agrees with its SQL for every role and chamber', async () => {
    for (const role of Object.values(Role)) {
      const caller = callers.get(role) as Caller;
      for (const mode of ['read', 'write'] as const) {
        const inSql = new Set(await count('Chamber', mode, caller));
        for (const c of chambers) expect([role, mode, c.name, access.admits('Chamber', mode, caller, c)]).toEqual([role, mode, c.name, inSql.has(c.id)]);
      }
    }
  });

  it('a secretary reads the members of its subtree through the chamber rule, a county officer its county', async () => {
    const secretary = await count('Member', 'read', callers.get(Role.ChamberSecretary) as Caller);
    const county = await count('Member', 'read', callers.get(Role.CountyOfficer) as Caller);
    expect(secretary).toHaveLength(1);
    expect(county).toHaveLength(1);
    expect(secretary).toEqual(county);
  });

  it('party rows: an officer its committee\'s, a secretariat what is attached to its subtree, a county office its county\'s members, viewers all', async () => {
    const names = async (entity: ScopedEntity, mode: 'read' | 'write', role: Role): Promise<string[]> => {
      const table = access.registered().find((r) => r.entity === entity)?.table as string;
      const filter = access.filter(entity, mode, callers.get(role) as Caller, 'x');
      const column = entity === 'PartyMeeting' ? 'topic' : 'name';
      const [sql, params] = t.dataSource.driver.escapeQueryWithParameters(`SELECT x.${column} AS name FROM ${table} x WHERE ${filter.sql} ORDER BY 1`, filter.params, {});
      return ((await t.dataSource.query(sql, params)) as { name: string }[]).map((r) => r.name);
    };
    expect(await names('PartyOrganization', 'write', Role.PartyOfficer)).toEqual(['本支部']);
    expect(await names('PartyMember', 'write', Role.PartyOfficer)).toEqual(['本党员']);
    expect(await names('PartyMeeting', 'read', Role.PartyOfficer)).toHaveLength(1);
    expect(await names('PartyWorkingCommittee', 'write', Role.PartyOfficer)).toEqual(['本党工委']);
    expect(await names('PartyOrganization', 'read', Role.ChamberSecretary)).toEqual(['本支部']);
    expect(await names('PartyMember', 'read', Role.ChamberSecretary)).toEqual(['本党员']);
    expect(await names('PartyMember', 'write', Role.ChamberSecretary)).toEqual([]);
    expect(await names('PartyMember', 'read', Role.CountyOfficer)).toEqual(['本党员']);
    expect(await names('PartyMember', 'read', Role.Viewer)).toEqual(['他党员', '本党员'].sort());
    expect(await names('PartyMember', 'write', Role.Viewer)).toEqual([]);
    expect(await names('PartyMember', 'read', Role.ProjectOfficial)).toEqual([]);
    for (const role of Object.values(Role)) {
      // The unit rule's in-memory answer agrees with its SQL (writes: the committee at the top).
      const caller = callers.get(role) as Caller;
      const rows = (await t.dataSource.query(`SELECT id, name, root_committee_id AS "rootCommitteeId" FROM party_organization`)) as { id: string; name: string; rootCommitteeId: string }[];
      const inSql = new Set(await names('PartyOrganization', 'write', role));
      for (const row of rows) expect([role, row.name, access.admits('PartyOrganization', 'write', caller, row)]).toEqual([role, row.name, inSql.has(row.name)]);
    }
  });
  it('accounts: a secretary reads itself and its own chamber\'s secretaries and may change those others only; everyone else itself', async () => {
    const [top, child] = chambers;
    const colleague = await createUser(t, { role: Role.ChamberSecretary, chamberId: top.id });
    const below = await createUser(t, { role: Role.ChamberSecretary, chamberId: child.id });
    const secretary = callers.get(Role.ChamberSecretary) as Caller;
    const read = new Set(await count('User', 'read', secretary));
    const write = new Set(await count('User', 'write', secretary));
    expect([...read].sort()).toEqual([secretary.id, colleague.user.id].sort());
    expect([...write]).toEqual([colleague.user.id]);
    expect(read.has(below.user.id)).toBe(false);
    for (const role of Object.values(Role).filter((r) => r !== Role.Admin && r !== Role.ChamberSecretary)) {
      const caller = callers.get(role) as Caller;
      expect(await count('User', 'read', caller)).toEqual([caller.id]);
      expect(await count('User', 'write', caller)).toEqual([]);
    }
    // The in-memory rule agrees with the SQL, row by row.
    const rows = (await t.dataSource.query(`SELECT id, role, chamber_id AS "chamberId" FROM app_user`)) as { id: string; role: Role; chamberId: string | null }[];
    for (const row of rows) {
      expect([row.id, 'read', access.admits('User', 'read', secretary, row)]).toEqual([row.id, 'read', read.has(row.id)]);
      expect([row.id, 'write', access.admits('User', 'write', secretary, row)]).toEqual([row.id, 'write', write.has(row.id)]);
    }
  });
});
