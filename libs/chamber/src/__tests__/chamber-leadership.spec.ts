import { Role } from '@crm/auth';
import { ChamberLevel, ChamberStatus } from '@crm/chamber';
import {
  captureSql,
  createChamber,
  createMember,
  createTestApp,
  errorCode,
  expectData,
  expectError,
  GqlResponse,
  refusalChecker,
  rowCounts,
  signedInUser,
  TestApp,
} from '@crm/testing';

const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) {
  startChamberTerm(chamberId: $chamberId, input: $input) { id chamberId number startsOn endsOn current }
}`;
const REELECT = `mutation($id: ID!, $input: ReElectChamberInput!) {
  reElectChamber(id: $id, input: $input) { id version currentLeadership { id number startsOn endsOn positions { position holderName } } }
}`;
const ADD = `mutation($termId: ID!, $input: ChamberPositionInput!) {
  addChamberPosition(termId: $termId, input: $input) { id termId chamberId position holderName memberId startsOn endsOn sortOrder }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateChamberPositionInput!) {
  updateChamberPosition(id: $id, input: $input) { id position holderName memberId startsOn endsOn sortOrder }
}`;
const REMOVE = `mutation($id: ID!) { removeChamberPosition(id: $id) { id positions { id } } }`;
const LEADERSHIP = `query($id: ID!) {
  chamber(id: $id) {
    version
    terms { number startsOn endsOn current }
    currentLeadership { number startsOn endsOn current positions { position holderName sortOrder } }
    events { type occurredOn details }
  }
}`;
const SET_HALL = `mutation($chamberId: ID!, $input: SetGuildHallInput!) {
  setGuildHall(chamberId: $chamberId, input: $input) { chamberId name status plannedOn constructionStartedOn basicallyCompletedOn completedOn version }
}`;
const HALLS = `query($first: Int, $after: String, $status: GuildHallStatus) {
  guildHalls(first: $first, after: $after, status: $status) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { chamberId status chamber { id name } } }
  }
}`;

interface Term {
  id: string;
  number: number;
  startsOn: string;
  endsOn: string | null;
  current: boolean;
  positions?: { position: string; holderName: string; sortOrder?: number }[];
}
interface Position {
  id: string;
  position: string;
  holderName: string;
  memberId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  sortOrder: number;
}
interface Hall {
  chamberId: string;
  name: string | null;
  status: string;
  plannedOn: string | null;
  constructionStartedOn: string | null;
  basicallyCompletedOn: string | null;
  completedOn: string | null;
  version: number;
}

type Counts = Record<'chamber' | 'chamber_event' | 'chamber_term' | 'chamber_position' | 'guild_hall' | 'audit_event', number>;

describe('chamber leadership (届, 换届) and guild halls (会馆)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const counts = (): Promise<Counts> => rowCounts(t, ['chamber', 'chamber_event', 'chamber_term', 'chamber_position', 'guild_hall', 'audit_event']);
  const refused = refusalChecker(counts);
  const startTerm = async (chamberId: string, input: Record<string, unknown>) => expectData(await t.gql<{ startChamberTerm: Term }>(START_TERM, { chamberId, input }, admin)).startChamberTerm;
  const addPosition = async (termId: string, input: Record<string, unknown>, token = admin) =>
    expectData(await t.gql<{ addChamberPosition: Position }>(ADD, { termId, input }, token)).addChamberPosition;
  const leadership = async (id: string) =>
    expectData(await t.gql<{ chamber: { version: number; terms: Term[]; currentLeadership: Term | null; events: { type: string; occurredOn: string; details: string }[] } }>(LEADERSHIP, { id }, admin))
      .chamber;

  describe('terms', () => {
    it('records past and running terms; currentLeadership is the running one', async () => {
      const c = await createChamber(t, { foundedOn: '2005-03-01' });
      const first = await startTerm(c.id, { number: 1, startsOn: '2005-03-01', endsOn: '2010-03-01' });
      expect(first).toMatchObject({ chamberId: c.id, number: 1, endsOn: '2010-03-01', current: false });
      const second = await startTerm(c.id, { number: 2, startsOn: '2010-03-01' });
      expect(second.current).toBe(true);
      const read = await leadership(c.id);
      expect(read.terms.map((x) => [x.number, x.startsOn, x.endsOn])).toEqual([
        [1, '2005-03-01', '2010-03-01'],
        [2, '2010-03-01', null],
      ]);
      expect(read.currentLeadership).toMatchObject({ number: 2, current: true, positions: [] });
      const audit = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1`, [second.id])) as { operation: string }[];
      expect(audit).toEqual([{ operation: 'chamberTerm.create' }]);
    });

    it('refuses overlapping terms on the dates (exclusion constraint), a duplicate number, and bad dates — writing nothing', async () => {
      const c = await createChamber(t);
      await startTerm(c.id, { number: 1, startsOn: '2011-01-01', endsOn: '2016-01-01' });
      await startTerm(c.id, { number: 2, startsOn: '2016-01-01' });
      const overlap = await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 3, startsOn: '2014-06-01', endsOn: '2015-06-01' } }, admin), 'BAD_USER_INPUT', 'input.startsOn');
      expect(overlap.body.errors?.[0].message).toContain('第1届 (2011-01-01 – 2016-01-01)');
      // A second running term overlaps the running one.
      const open = await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 3, startsOn: '2020-01-01' } }, admin), 'BAD_USER_INPUT', 'input.startsOn');
      expect(open.body.errors?.[0].message).toContain('第2届 (2016-01-01 – now)');
      await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 2, startsOn: '2010-06-01', endsOn: '2010-12-01' } }, admin), 'CONFLICT', 'input.number');
      // Before the chamber was founded (the factory founds it on 2010-05-18).
      await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 9, startsOn: '2005-01-01', endsOn: '2010-01-01' } }, admin), 'BAD_USER_INPUT', 'input.startsOn');
      await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 0, startsOn: '2005-01-01', endsOn: '2010-01-01' } }, admin), 'BAD_USER_INPUT', 'input.number');
      await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 9, startsOn: '2005-01-01', endsOn: '2005-01-01' } }, admin), 'BAD_USER_INPUT', 'input.endsOn');
      await refused(() => t.gql(START_TERM, { chamberId: c.id, input: { number: 9, startsOn: '2005-02-30' } }, admin), 'BAD_USER_INPUT', 'input.startsOn');
      await refused(() => t.gql(START_TERM, { chamberId: '00000000-0000-4000-8000-0000000000aa', input: { number: 1, startsOn: '2005-01-01' } }, admin), 'NOT_FOUND');

      // A dissolved chamber may get its past terms recorded, never a running one.
      const gone = await createChamber(t, { status: ChamberStatus.Dissolved });
      await refused(() => t.gql(START_TERM, { chamberId: gone.id, input: { number: 1, startsOn: '2011-01-01' } }, admin), 'BAD_USER_INPUT', 'input.endsOn');
      await startTerm(gone.id, { number: 1, startsOn: '2011-01-01', endsOn: '2014-01-01' });
    });

    it('two overlapping terms recorded at once: one is kept, the other refused on its dates', async () => {
      const c = await createChamber(t);
      const results = await Promise.all([
        t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2013-01-01' } }, admin),
        t.gql(START_TERM, { chamberId: c.id, input: { number: 2, startsOn: '2014-01-01' } }, admin),
      ]);
      expect(results.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['BAD_USER_INPUT', 'OK']);
      expect(results.find((r) => errorCode(r))?.body.errors?.[0].extensions?.field).toBe('input.startsOn');
      expect((await leadership(c.id)).terms).toHaveLength(1);
    });

    it('the database refuses overlapping terms even from raw SQL', async () => {
      const c = await createChamber(t);
      await startTerm(c.id, { number: 1, startsOn: '2012-01-01' });
      await expect(t.dataSource.query(`INSERT INTO chamber_term (chamber_id, number, starts_on) VALUES ($1, 2, '2013-01-01')`, [c.id])).rejects.toThrow(/ex_chamber_term_overlap/);
    });
  });

  describe('positions', () => {
    it('adds positions in rank order, one 会长 per term, and edits and removes them', async () => {
      const c = await createChamber(t);
      const term = await startTerm(c.id, { number: 1, startsOn: '2015-01-01' });
      await addPosition(term.id, { position: 'VICE_PRESIDENT', holderName: '陈副', sortOrder: 2 });
      await addPosition(term.id, { position: 'VICE_PRESIDENT', holderName: '林副', sortOrder: 1 });
      await addPosition(term.id, { position: 'SECRETARY_GENERAL', holderName: '周秘书长' });
      // A holder is linked to the information base by memberId; an id that is no member is refused.
      await refused(
        () => t.gql(ADD, { termId: term.id, input: { position: 'PRESIDENT', holderName: '王会长', memberId: '11111111-1111-4111-8111-111111111111' } }, admin),
        'BAD_USER_INPUT',
        'input.memberId',
      );
      const holder = await createMember(t, { name: '王会长' });
      const president = await addPosition(term.id, { position: 'PRESIDENT', holderName: ' 王会长 ', memberId: holder.id });
      expect(president).toMatchObject({ chamberId: c.id, termId: term.id, holderName: '王会长', memberId: holder.id, sortOrder: 0 });
      expect((await leadership(c.id)).currentLeadership?.positions?.map((p) => p.holderName)).toEqual(['王会长', '林副', '陈副', '周秘书长']);

      const second = await refused(() => t.gql(ADD, { termId: term.id, input: { position: 'PRESIDENT', holderName: '李会长' } }, admin), 'CONFLICT', 'input.position');
      expect(second.body.errors?.[0].message).toContain('王会长');
      const vice = (await leadership(c.id)).currentLeadership?.positions?.find((p) => p.holderName === '林副');
      expect(vice).toBeTruthy();
      const [viceRow] = (await t.dataSource.query(`SELECT id FROM chamber_position WHERE holder_name = '林副' AND term_id = $1`, [term.id])) as { id: string }[];
      await refused(() => t.gql(UPDATE, { id: viceRow.id, input: { position: 'SECRETARY_GENERAL' } }, admin), 'CONFLICT', 'input.position');

      // Dates inside the term, and in order.
      await refused(() => t.gql(ADD, { termId: term.id, input: { position: 'DIRECTOR', holderName: '早来', startsOn: '2014-12-31' } }, admin), 'BAD_USER_INPUT', 'input.startsOn');
      await refused(
        () => t.gql(ADD, { termId: term.id, input: { position: 'DIRECTOR', holderName: '倒序', startsOn: '2016-01-01', endsOn: '2015-06-01' } }, admin),
        'BAD_USER_INPUT',
        'input.endsOn',
      );
      await refused(() => t.gql(ADD, { termId: term.id, input: { position: 'DIRECTOR', holderName: '' } }, admin), 'BAD_USER_INPUT', 'input.holderName');
      await refused(() => t.gql(ADD, { termId: '00000000-0000-4000-8000-0000000000ab', input: { position: 'DIRECTOR', holderName: '无届' } }, admin), 'NOT_FOUND');

      const edited = expectData(
        await t.gql<{ updateChamberPosition: Position }>(UPDATE, { id: viceRow.id, input: { holderName: '林常务', position: 'EXECUTIVE_VICE_PRESIDENT', endsOn: '2018-01-01' } }, admin),
      ).updateChamberPosition;
      expect(edited).toMatchObject({ position: 'EXECUTIVE_VICE_PRESIDENT', holderName: '林常务', endsOn: '2018-01-01', sortOrder: 1 });
      const cleared = expectData(await t.gql<{ updateChamberPosition: Position }>(UPDATE, { id: viceRow.id, input: { endsOn: null } }, admin)).updateChamberPosition;
      expect(cleared.endsOn).toBeNull();
      await refused(() => t.gql(UPDATE, { id: viceRow.id, input: { holderName: null } }, admin), 'BAD_USER_INPUT', 'input.holderName');

      const before = await counts();
      const removed = expectData(await t.gql<{ removeChamberPosition: { id: string; positions: { id: string }[] } }>(REMOVE, { id: viceRow.id }, admin)).removeChamberPosition;
      expect(removed.id).toBe(term.id);
      expect(removed.positions.map((p) => p.id)).not.toContain(viceRow.id);
      expect(await counts()).toEqual({ ...before, chamber_position: before.chamber_position - 1, audit_event: before.audit_event + 1 });
      await refused(() => t.gql(REMOVE, { id: viceRow.id }, admin), 'NOT_FOUND');
      const ops = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_id = $1 ORDER BY id`, [viceRow.id])) as { operation: string }[];
      expect(ops.map((o) => o.operation)).toEqual(['chamberPosition.create', 'chamberPosition.update', 'chamberPosition.update', 'chamberPosition.delete']);
    });

    it('keeps a secretary out of other chambers\' leadership (NOT_FOUND) and lets it edit its own', async () => {
      const own = await createChamber(t);
      const other = await createChamber(t);
      const ownTerm = await startTerm(own.id, { number: 1, startsOn: '2019-01-01' });
      const otherTerm = await startTerm(other.id, { number: 1, startsOn: '2019-01-01' });
      const otherPosition = await addPosition(otherTerm.id, { position: 'PRESIDENT', holderName: '外会长' });
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;

      await refused(() => t.gql(START_TERM, { chamberId: other.id, input: { number: 2, startsOn: '2000-01-01', endsOn: '2001-01-01' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(ADD, { termId: otherTerm.id, input: { position: 'DIRECTOR', holderName: '越权' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(UPDATE, { id: otherPosition.id, input: { holderName: '越权' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(REMOVE, { id: otherPosition.id }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(REELECT, { id: other.id, input: { version: 1, on: '2024-01-01' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(ADD, { termId: ownTerm.id, input: { position: 'DIRECTOR', holderName: '只读' } }, viewer), 'FORBIDDEN');
      await addPosition(ownTerm.id, { position: 'PRESIDENT', holderName: '本会长' }, secretary);
    });
  });

  describe('reElectChamber (换届)', () => {
    it('closes the running term on the day, opens the next with its leadership, and records RE_ELECTED', async () => {
      const c = await createChamber(t, { foundedOn: '2012-01-01' });
      const term = await startTerm(c.id, { number: 1, startsOn: '2012-01-01' });
      await addPosition(term.id, { position: 'PRESIDENT', holderName: '老会长' });
      const before = await counts();
      const res = expectData(
        await t.gql<{ reElectChamber: { version: number; currentLeadership: Term } }>(
          REELECT,
          {
            id: c.id,
            input: {
              version: 1,
              on: '2017-01-01',
              note: '第二次会员大会',
              positions: [
                { position: 'SECRETARY_GENERAL', holderName: '新秘书长' },
                { position: 'PRESIDENT', holderName: '新会长' },
                { position: 'HONORARY_PRESIDENT', holderName: '老会长' },
              ],
            },
          },
          admin,
        ),
      ).reElectChamber;
      expect(res.version).toBe(2);
      expect(res.currentLeadership).toMatchObject({ number: 2, startsOn: '2017-01-01', endsOn: null });
      expect(res.currentLeadership.positions?.map((p) => [p.position, p.holderName])).toEqual([
        ['HONORARY_PRESIDENT', '老会长'],
        ['PRESIDENT', '新会长'],
        ['SECRETARY_GENERAL', '新秘书长'],
      ]);
      expect(await counts()).toEqual({
        ...before,
        chamber_term: before.chamber_term + 1,
        chamber_position: before.chamber_position + 3,
        chamber_event: before.chamber_event + 1,
        audit_event: before.audit_event + 1,
      });
      const read = await leadership(c.id);
      expect(read.terms.map((x) => [x.number, x.startsOn, x.endsOn])).toEqual([
        [1, '2012-01-01', '2017-01-01'],
        [2, '2017-01-01', null],
      ]);
      expect(read.events.map((e) => [e.type, e.occurredOn])).toEqual([['RE_ELECTED', '2017-01-01']]);
      expect(JSON.parse(read.events[0].details)).toMatchObject({ number: 2, previousNumber: 1, positions: 3 });

      // A chamber without terms gets its first one.
      const fresh = await createChamber(t);
      const first = expectData(await t.gql<{ reElectChamber: { currentLeadership: Term } }>(REELECT, { id: fresh.id, input: { version: 1, on: '2020-01-01' } }, admin)).reElectChamber;
      expect(first.currentLeadership).toMatchObject({ number: 1, startsOn: '2020-01-01' });
    });

    it('refuses a stale version, a day not after the running term began, two presidents, a taken number, an inactive chamber', async () => {
      const c = await createChamber(t, { foundedOn: '2010-01-01' });
      await startTerm(c.id, { number: 1, startsOn: '2010-01-01', endsOn: '2015-01-01' });
      await startTerm(c.id, { number: 2, startsOn: '2015-01-01' });
      await refused(() => t.gql(REELECT, { id: c.id, input: { version: 5, on: '2020-01-01' } }, admin), 'CONFLICT', 'input.version');
      await refused(() => t.gql(REELECT, { id: c.id, input: { version: 1, on: '2015-01-01' } }, admin), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(REELECT, { id: c.id, input: { version: 1, on: '2012-01-01' } }, admin), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(REELECT, { id: c.id, input: { version: 1, on: '2009-01-01' } }, admin), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(REELECT, { id: c.id, input: { version: 1, on: '2020-01-01', number: 1 } }, admin), 'CONFLICT', 'input.number');
      await refused(
        () =>
          t.gql(
            REELECT,
            { id: c.id, input: { version: 1, on: '2020-01-01', positions: [{ position: 'PRESIDENT', holderName: '甲' }, { position: 'PRESIDENT', holderName: '乙' }] } },
            admin,
          ),
        'CONFLICT',
        'input.positions.1.position',
      );
      await refused(
        () => t.gql(REELECT, { id: c.id, input: { version: 1, on: '2020-01-01', positions: [{ position: 'DIRECTOR', holderName: '丙', startsOn: '2019-01-01' }] } }, admin),
        'BAD_USER_INPUT',
        'input.positions.0.startsOn',
      );
      const preparing = await createChamber(t, { status: ChamberStatus.Preparing });
      await refused(() => t.gql(REELECT, { id: preparing.id, input: { version: 1, on: '2020-01-01' } }, admin), 'CONFLICT', 'id');
      await refused(() => t.gql(REELECT, { id: '00000000-0000-4000-8000-0000000000ac', input: { version: 1, on: '2020-01-01' } }, admin), 'NOT_FOUND');
    });
  });

  describe('guild halls (会馆)', () => {
    it('creates and changes a hall; dates must fit the status and follow each other', async () => {
      const c = await createChamber(t);
      const set = (input: Record<string, unknown>) => t.gql<{ setGuildHall: Hall }>(SET_HALL, { chamberId: c.id, input }, admin);
      await refused(() => set({ status: 'UNDER_CONSTRUCTION', plannedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.constructionStartedOn');
      await refused(() => set({ status: 'PLANNED', completedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.completedOn');
      await refused(() => set({ status: 'UNDER_CONSTRUCTION', plannedOn: '2020-01-01', constructionStartedOn: '2019-12-31' }), 'BAD_USER_INPUT', 'input.constructionStartedOn');
      await refused(() => set({ status: 'PLANNED', version: 1 }), 'BAD_USER_INPUT', 'input.version');
      await refused(() => set({ status: 'PLANNED', plannedOn: '2999-01-01' }), 'BAD_USER_INPUT', 'input.plannedOn');

      const before = await counts();
      const created = expectData(await set({ status: 'PLANNED', name: '温州会馆', plannedOn: '2020-01-01' })).setGuildHall;
      expect(created).toMatchObject({ chamberId: c.id, name: '温州会馆', status: 'PLANNED', plannedOn: '2020-01-01', constructionStartedOn: null, version: 1 });
      expect(await counts()).toEqual({ ...before, guild_hall: before.guild_hall + 1, audit_event: before.audit_event + 1 });

      await refused(() => set({ status: 'UNDER_CONSTRUCTION', constructionStartedOn: '2021-01-01' }), 'CONFLICT', 'input.version');
      await refused(() => set({ version: 9, status: 'UNDER_CONSTRUCTION', constructionStartedOn: '2021-01-01' }), 'CONFLICT', 'input.version');
      // Omitted fields stay: the planning date and the name.
      const building = expectData(await set({ version: 1, status: 'UNDER_CONSTRUCTION', constructionStartedOn: '2021-01-01' })).setGuildHall;
      expect(building).toMatchObject({ name: '温州会馆', plannedOn: '2020-01-01', constructionStartedOn: '2021-01-01', version: 2 });
      await refused(() => set({ version: 2, status: 'COMPLETE', completedOn: '2020-06-01' }), 'BAD_USER_INPUT', 'input.completedOn');
      await refused(() => set({ version: 2, status: 'BASICALLY_COMPLETE', basicallyCompletedOn: '2023-01-01', completedOn: '2023-06-01' }), 'BAD_USER_INPUT', 'input.completedOn');
      const done = expectData(await set({ version: 2, status: 'COMPLETE', basicallyCompletedOn: '2023-01-01', completedOn: '2023-06-01', name: null })).setGuildHall;
      expect(done).toMatchObject({ status: 'COMPLETE', name: null, completedOn: '2023-06-01', version: 3 });
      const hall = expectData(await t.gql<{ chamber: { guildHall: Hall } }>(`query($id: ID!) { chamber(id: $id) { guildHall { status version } } }`, { id: c.id }, admin)).chamber.guildHall;
      expect(hall).toEqual({ status: 'COMPLETE', version: 3 });
      const ops = (await t.dataSource.query(`SELECT operation FROM audit_event WHERE entity_type = 'GuildHall' AND entity_id = $1 ORDER BY id`, [c.id])) as { operation: string }[];
      expect(ops.map((o) => o.operation)).toEqual(['guildHall.create', 'guildHall.update', 'guildHall.update']);

      const gone = await createChamber(t, { status: ChamberStatus.Dissolved });
      await refused(() => t.gql(SET_HALL, { chamberId: gone.id, input: { status: 'PLANNED' } }, admin), 'CONFLICT', 'chamberId');
      await refused(() => t.gql(SET_HALL, { chamberId: '00000000-0000-4000-8000-0000000000ad', input: { status: 'PLANNED' } }, admin), 'NOT_FOUND');
    });

    it('lists halls by stage, page by page, within the caller\'s scope', async () => {
      const own = await createChamber(t, { level: ChamberLevel.Prefecture });
      const below = await createChamber(t, { level: ChamberLevel.County, parentId: own.id });
      const other = await createChamber(t);
      for (const c of [own, below, other]) {
        expectData(await t.gql(SET_HALL, { chamberId: c.id, input: { status: 'BASICALLY_COMPLETE', basicallyCompletedOn: '2022-02-02' } }, admin));
      }
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
      await refused(() => t.gql(SET_HALL, { chamberId: other.id, input: { version: 1, status: 'COMPLETE', completedOn: '2023-01-01' } }, secretary), 'NOT_FOUND');
      expectData(await t.gql(SET_HALL, { chamberId: below.id, input: { version: 1, status: 'COMPLETE', completedOn: '2023-01-01' } }, secretary));

      type Page = { guildHalls: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { chamberId: string; status: string; chamber: { id: string } } }[] } };
      const mine = expectData(await t.gql<Page>(HALLS, { first: 10 }, secretary)).guildHalls;
      expect(mine.edges.map((e) => e.node.chamberId).sort()).toEqual([own.id, below.id].sort());
      expect(mine.edges.every((e) => e.node.chamber.id === e.node.chamberId)).toBe(true);

      const all = expectData(await t.gql<Page>(HALLS, { first: 100, status: 'BASICALLY_COMPLETE' }, admin)).guildHalls;
      expect(all.edges.every((e) => e.node.status === 'BASICALLY_COMPLETE')).toBe(true);
      expect(all.edges.map((e) => e.node.chamberId)).toEqual(expect.arrayContaining([own.id, other.id]));
      expect(all.totalCount).toBe(all.edges.length);
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page: Page['guildHalls'] = expectData(await t.gql<Page>(HALLS, { first: 1, after, status: 'BASICALLY_COMPLETE' }, admin)).guildHalls;
        ids.push(...page.edges.map((e) => e.node.chamberId));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(ids).toEqual(all.edges.map((e) => e.node.chamberId));
      expect(errorCode(await t.gql(HALLS, { first: 1, after: 'bm90LWEtY3Vyc29y' }, admin))).toBe('BAD_USER_INPUT');
    });
  });

  it('the chambers list: currentLeadership, terms, guildHall and events cost the same statements for 2 chambers as for 6', async () => {
    const parent = await createChamber(t, { level: ChamberLevel.Provincial });
    const QUERY = `query($parentId: ID!) {
      chambers(first: 100, filter: { parentId: $parentId }) {
        edges { node { id currentLeadership { number positions { position holderName } } terms { number } guildHall { status } events { type } } }
      }
    }`;
    async function addChildren(n: number) {
      for (let i = 0; i < n; i += 1) {
        const c = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: parent.id });
        const term = await startTerm(c.id, { number: 1, startsOn: '2021-01-01' });
        await addPosition(term.id, { position: 'PRESIDENT', holderName: `会长${i}` });
        await addPosition(term.id, { position: 'VICE_PRESIDENT', holderName: `副会长${i}` });
        expectData(await t.gql(SET_HALL, { chamberId: c.id, input: { status: 'PLANNED' } }, admin));
      }
    }
    type Page = { chambers: { edges: { node: { currentLeadership: Term } }[] } };
    async function measure() {
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<Page>(QUERY, { parentId: parent.id }, admin));
      const edges = expectData(result).chambers.edges;
      expect(edges.every((e) => e.node.currentLeadership.positions?.map((p) => p.position).join() === 'PRESIDENT,VICE_PRESIDENT')).toBe(true);
      return { size: edges.length, statements: statements.length };
    }
    await addChildren(2);
    const small = await measure();
    await addChildren(4);
    const large = await measure();
    expect([small.size, large.size]).toEqual([2, 6]);
    expect(large.statements).toBe(small.statements);
  });

  it('a page of chambers costs the same number of statements for leadership and halls, whatever its size', async () => {
    const QUERY = `{
      guildHalls(first: 100) {
        edges { node { status chamber { id name guildHall { status } currentLeadership { number positions { position holderName } } terms { number } events { type } } } }
      }
    }`;
    async function addChambers(n: number) {
      for (let i = 0; i < n; i += 1) {
        const c = await createChamber(t);
        expectData(await t.gql(SET_HALL, { chamberId: c.id, input: { status: 'PLANNED' } }, admin));
        const term = await startTerm(c.id, { number: 1, startsOn: '2020-01-01' });
        await addPosition(term.id, { position: 'PRESIDENT', holderName: `会长${i}` });
        await addPosition(term.id, { position: 'DIRECTOR', holderName: `理事${i}` });
      }
    }
    async function measure() {
      const { result, statements } = await captureSql(t.dataSource, () => t.gql<{ guildHalls: { edges: unknown[] } }>(QUERY, {}, admin));
      return { size: expectData(result).guildHalls.edges.length, statements: statements.length };
    }
    await addChambers(2);
    const small = await measure();
    await addChambers(5);
    const large = await measure();
    expect(large.size).toBe(small.size + 5);
    // The user behind the token, the page, its chambers, halls, running terms, positions, terms, events.
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(8);
  });
});
