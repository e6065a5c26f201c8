import { Role } from '@crm/auth';
import { ChamberKind, ChamberLevel, ChamberMergeParticipants, ChamberStatus } from '@crm/chamber';
import { ConflictError } from '@crm/shared';
import {
  createChamber,
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

const CHAMBER_FIELDS = 'id name level kind regionCode status parentId ancestorIds depth mergedIntoId foundedOn dissolvedOn dualBranded version';
const FOUND = `mutation($id: ID!, $input: FoundChamberInput!) { foundChamber(id: $id, input: $input) { ${CHAMBER_FIELDS} } }`;
const CONVERT = `mutation($id: ID!, $input: ConvertChamberInput!) { convertChamber(id: $id, input: $input) { ${CHAMBER_FIELDS} region { name } } }`;
const MERGE = `mutation($id: ID!, $input: MergeChamberInput!) { mergeChamber(id: $id, input: $input) { ${CHAMBER_FIELDS} mergedInto { id name } } }`;
const ALLY = `mutation($id: ID!, $input: AllyChambersInput!) { allyChambers(id: $id, input: $input) { ${CHAMBER_FIELDS} } }`;
const DUAL = `mutation($id: ID!, $input: DualBrandChamberInput!) { dualBrandChamber(id: $id, input: $input) { ${CHAMBER_FIELDS} } }`;
const DISSOLVE = `mutation($id: ID!, $input: DissolveChamberInput!) { dissolveChamber(id: $id, input: $input) { ${CHAMBER_FIELDS} } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id number } }`;
const GET = `query($id: ID!) {
  chamber(id: $id) {
    ${CHAMBER_FIELDS}
    mergedInto { id status }
    events { type occurredOn relatedChamberId relatedChamber { id name } note details }
    currentLeadership { number }
  }
}`;
const EVENTS = `query($chamberId: ID!) { chamberEvents(chamberId: $chamberId) { type occurredOn relatedChamberId } }`;

interface Chamber {
  id: string;
  name: string;
  level: string;
  kind: string;
  regionCode: string | null;
  status: string;
  parentId: string | null;
  ancestorIds: string[];
  depth: number;
  mergedIntoId: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  dualBranded: boolean;
  version: number;
  mergedInto?: { id: string; status?: string; name?: string } | null;
  region?: { name: string } | null;
  events?: { type: string; occurredOn: string; relatedChamberId: string | null; relatedChamber: { id: string; name: string } | null; note: string | null; details: string | null }[];
  currentLeadership?: { number: number } | null;
}

type Counts = Record<'chamber' | 'chamber_event' | 'chamber_term' | 'chamber_position' | 'audit_event', number>;

describe('chamber lifecycle: 成立, 转, 并, 联, 增挂牌子, 撤销', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const counts = (): Promise<Counts> => rowCounts(t, ['chamber', 'chamber_event', 'chamber_term', 'chamber_position', 'audit_event']);
  async function row(id: string): Promise<{ status: string; version: number; parent_id: string | null; merged_into_id: string | null; updated_at: Date }> {
    const [r] = (await t.dataSource.query('SELECT status, version, parent_id, merged_into_id, updated_at FROM chamber WHERE id = $1', [id])) as {
      status: string;
      version: number;
      parent_id: string | null;
      merged_into_id: string | null;
      updated_at: Date;
    }[];
    return r;
  }
  async function auditOf(entityId: string): Promise<{ operation: string; metadata: Record<string, unknown> | null; changes: { field: string }[] }[]> {
    return (await t.dataSource.query('SELECT operation, metadata, changes FROM audit_event WHERE entity_id = $1 ORDER BY id', [entityId])) as {
      operation: string;
      metadata: Record<string, unknown> | null;
      changes: { field: string }[];
    }[];
  }
  /** Runs a call that must fail, and checks that it left every table as it was. */
  const refused = refusalChecker(counts);
  const get = async (id: string, token = admin) => expectData(await t.gql<{ chamber: Chamber }>(GET, { id }, token)).chamber;

  describe('foundChamber (成立)', () => {
    it('turns a chamber in preparation into an active one with a FOUNDED event and one audit event', async () => {
      const c = await createChamber(t, { status: ChamberStatus.Preparing });
      const before = await counts();
      const founded = expectData(await t.gql<{ foundChamber: Chamber }>(FOUND, { id: c.id, input: { version: 1, foundedOn: '2021-09-09', note: '民政局批复' } }, admin)).foundChamber;
      expect(founded).toMatchObject({ status: 'ACTIVE', foundedOn: '2021-09-09', version: 2 });
      expect(await counts()).toEqual({ ...before, chamber_event: before.chamber_event + 1, audit_event: before.audit_event + 1 });
      expect((await get(c.id)).events).toEqual([
        { type: 'FOUNDED', occurredOn: '2021-09-09', relatedChamberId: null, relatedChamber: null, note: '民政局批复', details: null },
      ]);
      const [audit] = await auditOf(c.id);
      expect(audit.operation).toBe('chamber.found');
      expect(audit.changes.map((ch) => ch.field)).toEqual(['foundedOn', 'status']);

      await refused(() => t.gql(FOUND, { id: c.id, input: { version: 2, foundedOn: '2021-09-10' } }, admin), 'CONFLICT', 'id');
    });

    it('refuses a stale version, an unknown id, a future date, and a second active regional chamber in the place', async () => {
      const c = await createChamber(t, { status: ChamberStatus.Preparing });
      await refused(() => t.gql(FOUND, { id: c.id, input: { version: 7, foundedOn: '2021-01-01' } }, admin), 'CONFLICT', 'input.version');
      await refused(() => t.gql(FOUND, { id: '00000000-0000-4000-8000-0000000000aa', input: { version: 1, foundedOn: '2021-01-01' } }, admin), 'NOT_FOUND');
      await refused(() => t.gql(FOUND, { id: c.id, input: { version: 1, foundedOn: '2999-01-01' } }, admin), 'BAD_USER_INPUT', 'input.foundedOn');

      const holder = await createChamber(t);
      const second = await createChamber(t, { status: ChamberStatus.Preparing, regionCode: holder.regionCode, name: `${holder.name}（筹）` });
      const res = await refused(() => t.gql(FOUND, { id: second.id, input: { version: 1, foundedOn: '2022-01-01' } }, admin), 'CONFLICT', 'id');
      expect(res.body.errors?.[0].message).toContain(holder.name);
      expect(res.body.errors?.[0].extensions?.holderId).toBe(holder.id);
    });
  });

  describe('convertChamber (转)', () => {
    it('changes name, level and region under the same id, with CONVERTED before/after', async () => {
      const [place] = (await t.dataSource.query(
        `SELECT p.code AS prefecture, c.code AS county, c.name AS "countyName" FROM region p JOIN region c ON c.parent_code = p.code AND c.level = 'COUNTY'
         WHERE p.level = 'PREFECTURE' AND p.province_code NOT IN ('33', '71', '81', '82')
           AND NOT EXISTS (SELECT 1 FROM chamber x WHERE x.region_code IN (p.code, c.code) AND x.status = 'ACTIVE' AND x.kind = 'REGIONAL')
         ORDER BY random() LIMIT 1`,
      )) as { prefecture: string; county: string; countyName: string }[];
      const province = await createChamber(t, { level: ChamberLevel.Provincial });
      const c = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: place.prefecture, parentId: province.id });
      const name = `${place.countyName}温州商会`;
      const converted = expectData(
        await t.gql<{ convertChamber: Chamber }>(
          CONVERT,
          { id: c.id, input: { version: 1, on: '2020-06-01', name, level: 'COUNTY', regionCode: place.county, note: '转为区级商会' } },
          admin,
        ),
      ).convertChamber;
      expect(converted).toMatchObject({ id: c.id, name, level: 'COUNTY', regionCode: place.county, region: { name: place.countyName }, version: 2, parentId: province.id });
      const events = (await get(c.id)).events ?? [];
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'CONVERTED', occurredOn: '2020-06-01', note: '转为区级商会' });
      expect(JSON.parse(events[0].details ?? 'null')).toEqual({
        before: { name: c.name, level: 'PREFECTURE', regionCode: place.prefecture },
        after: { name, level: 'COUNTY', regionCode: place.county },
      });
      expect((await auditOf(c.id)).map((a) => a.operation)).toEqual(['chamber.convert']);
    });

    it('refuses a region of the wrong tier, nothing to change, a clash with the parent, 一地一会, and a date before the founding', async () => {
      const c = await createChamber(t, { level: ChamberLevel.Prefecture, foundedOn: '2010-05-18' });
      await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2020-01-01', regionCode: '440000' } }, admin), 'BAD_USER_INPUT', 'input.regionCode');
      // A new level needs a region of its tier: the prefecture the chamber sits in will not do for a county chamber.
      await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2020-01-01', level: 'COUNTY' } }, admin), 'BAD_USER_INPUT', 'input.regionCode');
      await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2020-01-01', name: c.name } }, admin), 'BAD_USER_INPUT', 'input');
      await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2009-01-01', name: '新名温州商会' } }, admin), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2099-01-01', name: '新名温州商会' } }, admin), 'BAD_USER_INPUT', 'input.on');

      const holder = await createChamber(t, { level: ChamberLevel.Prefecture });
      const res = await refused(() => t.gql(CONVERT, { id: c.id, input: { version: 1, on: '2020-01-01', regionCode: holder.regionCode } }, admin), 'CONFLICT', 'input.regionCode');
      expect(res.body.errors?.[0].extensions?.holderId).toBe(holder.id);

      const parent = await createChamber(t, { level: ChamberLevel.Prefecture, kind: ChamberKind.Industry });
      const child = await createChamber(t, { level: ChamberLevel.County, parentId: parent.id });
      // The industry chamber cannot become a county one: its county child would sit at its level.
      const region = (await t.dataSource.query(`SELECT code FROM region WHERE level = 'COUNTY' ORDER BY code LIMIT 1`)) as { code: string }[];
      await refused(() => t.gql(CONVERT, { id: parent.id, input: { version: 1, on: '2020-01-01', level: 'COUNTY', regionCode: region[0].code } }, admin), 'BAD_USER_INPUT', 'input.level');
      expect(await row(parent.id)).toMatchObject({ version: 1 });
      expect(await row(child.id)).toMatchObject({ parent_id: parent.id });
    });
  });

  describe('mergeChamber (并)', () => {
    it('moves the children to the survivor, keeps the merged chamber readable, writes MERGED_INTO + ABSORBED and one audit event', async () => {
      const province = await createChamber(t, { level: ChamberLevel.Provincial });
      const merged = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: province.id });
      const survivor = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: province.id });
      const childA = await createChamber(t, { level: ChamberLevel.County, parentId: merged.id });
      const childB = await createChamber(t, { level: ChamberLevel.Prefecture, kind: ChamberKind.Youth, parentId: merged.id });
      const grandchild = await createChamber(t, { level: ChamberLevel.County, kind: ChamberKind.Youth, parentId: childA.id });
      expectData(await t.gql(START_TERM, { chamberId: merged.id, input: { number: 1, startsOn: '2015-01-01' } }, admin));
      const survivorBefore = await row(survivor.id);

      const before = await counts();
      const res = expectData(
        await t.gql<{ mergeChamber: Chamber }>(MERGE, { id: merged.id, input: { version: 1, intoId: survivor.id, on: '2023-03-01', note: '两会合并' } }, admin),
      ).mergeChamber;
      expect(res).toMatchObject({ status: 'MERGED', mergedIntoId: survivor.id, mergedInto: { id: survivor.id, name: survivor.name }, version: 2 });
      expect(await counts()).toEqual({ ...before, chamber_event: before.chamber_event + 2, audit_event: before.audit_event + 1 });

      // Children (and their subtrees) now sit below the survivor; their versions moved on.
      const [a, b, g] = await Promise.all([get(childA.id), get(childB.id), get(grandchild.id)]);
      expect(a).toMatchObject({ parentId: survivor.id, ancestorIds: [province.id, survivor.id], depth: 2, version: 2 });
      expect(b).toMatchObject({ parentId: survivor.id, ancestorIds: [province.id, survivor.id], depth: 2, version: 2 });
      expect(g).toMatchObject({ parentId: childA.id, ancestorIds: [province.id, survivor.id, childA.id], depth: 3 });

      // The merged chamber stays readable, with its history and its term closed on the merger day.
      const readBack = await get(merged.id);
      expect(readBack).toMatchObject({ status: 'MERGED', mergedInto: { id: survivor.id, status: 'ACTIVE' }, currentLeadership: null, parentId: province.id });
      expect(readBack.events?.map((e) => [e.type, e.occurredOn, e.relatedChamber?.id])).toEqual([['MERGED_INTO', '2023-03-01', survivor.id]]);
      expect(JSON.parse(readBack.events?.[0].details ?? '{}').movedChildIds.sort()).toEqual([childA.id, childB.id].sort());
      const [term] = (await t.dataSource.query('SELECT ends_on::text AS "endsOn" FROM chamber_term WHERE chamber_id = $1', [merged.id])) as { endsOn: string }[];
      expect(term.endsOn).toBe('2023-03-01');

      const survivorEvents = expectData(await t.gql<{ chamberEvents: { type: string; relatedChamberId: string }[] }>(EVENTS, { chamberId: survivor.id }, admin)).chamberEvents;
      expect(survivorEvents).toEqual([{ type: 'ABSORBED', occurredOn: '2023-03-01', relatedChamberId: merged.id }]);
      expect((await row(survivor.id)).version).toBe(survivorBefore.version);

      const audit = await auditOf(merged.id);
      expect(audit.map((e) => e.operation)).toEqual(['chamber.merge']);
      // The members, party, visits, honours, notices, meetings and investment modules take part in every merge (their rows move).
      expect(audit[0].metadata).toMatchObject({ survivorId: survivor.id, on: '2023-03-01', participants: ['members', 'party', 'honours', 'notices', 'meetings', 'visits', 'investment'] });
      expect((audit[0].metadata?.movedChildIds as string[]).sort()).toEqual([childA.id, childB.id].sort());
      expect(audit[0].changes.map((c) => c.field)).toEqual(['mergedIntoId', 'status']);

      // A merged chamber's history is closed.
      await refused(() => t.gql(MERGE, { id: merged.id, input: { version: 2, intoId: survivor.id, on: '2023-04-01' } }, admin), 'CONFLICT', 'id');
    });

    it('refuses to merge into itself, a merged or dissolved chamber, a descendant, an unknown one, or with a stale version', async () => {
      const top = await createChamber(t, { level: ChamberLevel.Provincial });
      const c = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
      const below = await createChamber(t, { level: ChamberLevel.County, parentId: c.id });
      const deeper = await createChamber(t, { level: ChamberLevel.County, kind: ChamberKind.Youth, parentId: below.id });
      const dissolved = await createChamber(t, { level: ChamberLevel.Prefecture, status: ChamberStatus.Dissolved });
      const survivor = await createChamber(t, { level: ChamberLevel.Prefecture });
      const wasMerged = await createChamber(t, { level: ChamberLevel.Prefecture, status: ChamberStatus.Preparing });
      await t.dataSource.query(`UPDATE chamber SET status = 'MERGED', merged_into_id = $1 WHERE id = $2`, [survivor.id, wasMerged.id]);
      const merge = (intoId: string, extra: Record<string, unknown> = {}) => () => t.gql(MERGE, { id: c.id, input: { version: 1, intoId, on: '2023-01-01', ...extra } }, admin);

      await refused(merge(c.id), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge(dissolved.id), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge(wasMerged.id), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge(below.id), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge(deeper.id), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge('00000000-0000-4000-8000-0000000000bb'), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge('not-an-id'), 'BAD_USER_INPUT', 'input.intoId');
      await refused(merge(survivor.id, { version: 3 }), 'CONFLICT', 'input.version');
      await refused(merge(survivor.id, { on: '2001-01-01' }), 'BAD_USER_INPUT', 'input.on');
      await refused(() => t.gql(MERGE, { id: '00000000-0000-4000-8000-0000000000cc', input: { version: 1, intoId: survivor.id, on: '2023-01-01' } }, admin), 'NOT_FOUND');
      // A merged chamber's own history is closed.
      await refused(() => t.gql(MERGE, { id: wasMerged.id, input: { version: 1, intoId: survivor.id, on: '2023-01-01' } }, admin), 'CONFLICT', 'id');

      // The survivor must be able to take the children: a county chamber cannot hold a county child.
      const countySurvivor = await createChamber(t, { level: ChamberLevel.County });
      await refused(merge(countySurvivor.id), 'BAD_USER_INPUT', 'input.intoId');
      expect(await row(c.id)).toMatchObject({ status: 'ACTIVE', version: 1 });
    });

    it('keeps a secretary to chambers it may change on both sides', async () => {
      const own = await createChamber(t, { level: ChamberLevel.Prefecture });
      const ownChild = await createChamber(t, { level: ChamberLevel.County, parentId: own.id });
      const ownOther = await createChamber(t, { level: ChamberLevel.County, kind: ChamberKind.Industry, parentId: own.id });
      const elsewhere = await createChamber(t, { level: ChamberLevel.Prefecture });
      const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
      const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;

      await refused(() => t.gql(MERGE, { id: elsewhere.id, input: { version: 1, intoId: own.id, on: '2023-01-01' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(MERGE, { id: ownChild.id, input: { version: 1, intoId: elsewhere.id, on: '2023-01-01' } }, secretary), 'BAD_USER_INPUT', 'input.intoId');
      await refused(() => t.gql(MERGE, { id: ownChild.id, input: { version: 1, intoId: own.id, on: '2023-01-01' } }, viewer), 'FORBIDDEN');
      await refused(() => t.gql(DISSOLVE, { id: elsewhere.id, input: { version: 1, on: '2023-01-01' } }, secretary), 'NOT_FOUND');
      await refused(() => t.gql(ALLY, { id: ownChild.id, input: { version: 1, withId: elsewhere.id, on: '2023-01-01' } }, secretary), 'BAD_USER_INPUT', 'input.withId');

      // Within its subtree it may merge; the secretary of the merged chamber keeps its scope (users are not moved).
      const childSecretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: ownOther.id });
      expectData(await t.gql(MERGE, { id: ownOther.id, input: { version: 1, intoId: ownChild.id, on: '2023-01-01' } }, secretary));
      const [user] = (await t.dataSource.query('SELECT chamber_id FROM app_user WHERE id = $1', [childSecretary.user.id])) as { chamber_id: string }[];
      expect(user.chamber_id).toBe(ownOther.id);
      expect((await get(ownOther.id, childSecretary.accessToken)).status).toBe('MERGED');
    });

    it('two merges of the same pair in opposite directions at once: one wins, the other is refused cleanly', async () => {
      const a = await createChamber(t);
      const b = await createChamber(t);
      const results = await Promise.all([
        t.gql(MERGE, { id: a.id, input: { version: 1, intoId: b.id, on: '2023-01-01' } }, admin),
        t.gql(MERGE, { id: b.id, input: { version: 1, intoId: a.id, on: '2023-01-01' } }, admin),
      ]);
      const codes = results.map((r) => errorCode(r) ?? 'OK').sort();
      expect(codes).toEqual(['BAD_USER_INPUT', 'OK']);
      const statuses = [(await row(a.id)).status, (await row(b.id)).status].sort();
      expect(statuses).toEqual(['ACTIVE', 'MERGED']);
    });

    it('lets registered ChamberMergeParticipants move their rows inside the merge transaction, and roll it back by throwing', async () => {
      const registry = t.app.get(ChamberMergeParticipants);
      const calls: { mergedId: string; survivorId: string; on: string; sawMerged: string }[] = [];
      const refuseFor = new Set<string>();
      registry.register({
        name: 'test-participant',
        async onChamberMerge(em, mergedId, survivorId, on) {
          // Runs in the merge's transaction: it sees the merged status before commit.
          const [r] = (await em.query('SELECT status FROM chamber WHERE id = $1', [mergedId])) as { status: string }[];
          calls.push({ mergedId, survivorId, on, sawMerged: r.status });
          if (refuseFor.has(mergedId)) throw new ConflictError('The test participant refuses this merge');
        },
      });
      const a = await createChamber(t);
      const b = await createChamber(t);
      expectData(await t.gql(MERGE, { id: a.id, input: { version: 1, intoId: b.id, on: '2023-01-01' } }, admin));
      expect(calls).toEqual([{ mergedId: a.id, survivorId: b.id, on: '2023-01-01', sawMerged: 'MERGED' }]);
      expect((await auditOf(a.id))[0].metadata).toMatchObject({ participants: ['members', 'party', 'honours', 'notices', 'meetings', 'visits', 'investment', 'test-participant'] });

      const c = await createChamber(t);
      refuseFor.add(c.id);
      const child = await createChamber(t, { level: ChamberLevel.County, parentId: c.id });
      await refused(() => t.gql(MERGE, { id: c.id, input: { version: 1, intoId: b.id, on: '2023-01-01' } }, admin), 'CONFLICT');
      expect(await row(c.id)).toMatchObject({ status: 'ACTIVE', version: 1, merged_into_id: null });
      expect((await row(child.id)).parent_id).toBe(c.id);
    });
  });

  describe('allyChambers (联), dualBrandChamber (增挂牌子)', () => {
    it('writes ALLIED on both chambers and refuses itself or a dissolved partner', async () => {
      const a = await createChamber(t);
      const b = await createChamber(t);
      const dissolved = await createChamber(t, { status: ChamberStatus.Dissolved });
      await refused(() => t.gql(ALLY, { id: a.id, input: { version: 1, withId: a.id, on: '2022-01-01' } }, admin), 'BAD_USER_INPUT', 'input.withId');
      await refused(() => t.gql(ALLY, { id: a.id, input: { version: 1, withId: dissolved.id, on: '2022-01-01' } }, admin), 'BAD_USER_INPUT', 'input.withId');
      await refused(() => t.gql(ALLY, { id: a.id, input: { version: 2, withId: b.id, on: '2022-01-01' } }, admin), 'CONFLICT', 'input.version');

      const before = await counts();
      const allied = expectData(await t.gql<{ allyChambers: Chamber }>(ALLY, { id: a.id, input: { version: 1, withId: b.id, on: '2022-01-01', note: '结为友好商会' } }, admin)).allyChambers;
      expect(allied.version).toBe(2);
      expect(await counts()).toEqual({ ...before, chamber_event: before.chamber_event + 2, audit_event: before.audit_event + 1 });
      expect((await get(a.id)).events?.map((e) => [e.type, e.relatedChamber?.id, e.note])).toEqual([['ALLIED', b.id, '结为友好商会']]);
      expect((await get(b.id)).events?.map((e) => [e.type, e.relatedChamber?.id])).toEqual([['ALLIED', a.id]]);
    });

    it('sets dualBranded once, with its event', async () => {
      const c = await createChamber(t);
      const branded = expectData(await t.gql<{ dualBrandChamber: Chamber }>(DUAL, { id: c.id, input: { version: 1, on: '2019-10-01' } }, admin)).dualBrandChamber;
      expect(branded).toMatchObject({ dualBranded: true, version: 2 });
      expect((await get(c.id)).events?.map((e) => e.type)).toEqual(['DUAL_BRANDED']);
      await refused(() => t.gql(DUAL, { id: c.id, input: { version: 2, on: '2019-10-02' } }, admin), 'CONFLICT', 'id');
      await refused(() => t.gql(DUAL, { id: c.id, input: { version: 1, on: '2019-10-02' } }, admin), 'CONFLICT', 'input.version');
      expect((await auditOf(c.id)).map((a) => a.operation)).toEqual(['chamber.dualBrand']);
    });
  });

  describe('dissolveChamber (撤销)', () => {
    it('is refused while a chamber in preparation or active sits below, then dissolves and ends the running term', async () => {
      const c = await createChamber(t, { level: ChamberLevel.Prefecture });
      const child = await createChamber(t, { level: ChamberLevel.County, parentId: c.id, status: ChamberStatus.Preparing });
      expectData(await t.gql(START_TERM, { chamberId: c.id, input: { number: 1, startsOn: '2018-01-01' } }, admin));
      const res = await refused(() => t.gql(DISSOLVE, { id: c.id, input: { version: 1, on: '2024-01-01' } }, admin), 'CONFLICT', 'id');
      expect(res.body.errors?.[0].message).toContain(child.name);
      expect(res.body.errors?.[0].extensions?.childIds).toEqual([child.id]);

      expectData(await t.gql(DISSOLVE, { id: child.id, input: { version: 1, on: '2023-12-01' } }, admin));
      // The running term began after this date: it cannot end then.
      await refused(() => t.gql(DISSOLVE, { id: c.id, input: { version: 1, on: '2017-06-01' } }, admin), 'BAD_USER_INPUT', 'input.on');
      const dissolved = expectData(await t.gql<{ dissolveChamber: Chamber }>(DISSOLVE, { id: c.id, input: { version: 1, on: '2024-01-01', note: '注销登记' } }, admin)).dissolveChamber;
      expect(dissolved).toMatchObject({ status: 'DISSOLVED', dissolvedOn: '2024-01-01', version: 2 });
      const readBack = await get(c.id);
      expect(readBack.currentLeadership).toBeNull();
      expect(readBack.events?.map((e) => [e.type, e.occurredOn, e.note])).toEqual([['DISSOLVED', '2024-01-01', '注销登记']]);
      await refused(() => t.gql(DISSOLVE, { id: c.id, input: { version: 2, on: '2024-01-02' } }, admin), 'CONFLICT', 'id');
      await refused(() => t.gql(MERGE, { id: c.id, input: { version: 2, intoId: child.id, on: '2024-01-02' } }, admin), 'CONFLICT', 'id');
    });
  });

  it('answers NOT_FOUND for an unknown chamber and for one outside a secretary\'s scope, on every lifecycle mutation', async () => {
    const own = await createChamber(t);
    const elsewhere = await createChamber(t, { status: ChamberStatus.Preparing });
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
    const unknown = '00000000-0000-4000-8000-0000000000ee';
    const calls: [string, Record<string, unknown>][] = [
      [FOUND, { version: 1, foundedOn: '2020-01-01' }],
      [CONVERT, { version: 1, on: '2020-01-01', name: '改名温州商会' }],
      [MERGE, { version: 1, intoId: own.id, on: '2020-01-01' }],
      [ALLY, { version: 1, withId: own.id, on: '2020-01-01' }],
      [DUAL, { version: 1, on: '2020-01-01' }],
      [DISSOLVE, { version: 1, on: '2020-01-01' }],
    ];
    for (const [mutation, input] of calls) {
      await refused(() => t.gql(mutation, { id: unknown, input }, admin), 'NOT_FOUND');
      await refused(() => t.gql(mutation, { id: elsewhere.id, input }, secretary), 'NOT_FOUND');
    }
    expect(await row(elsewhere.id)).toMatchObject({ status: 'PREPARING', version: 1 });
  });

  it('a merge and a concurrent move of one of its children never both win, and never fail as a server error', async () => {
    const move = `mutation($id: ID!, $input: UpdateChamberInput!) { updateChamber(id: $id, input: $input) { id parentId } }`;
    const top = await createChamber(t, { level: ChamberLevel.National, kind: ChamberKind.Youth, regionCode: null });
    for (let round = 0; round < 4; round++) {
      const merged = await createChamber(t, { level: ChamberLevel.Provincial, parentId: top.id });
      const survivor = await createChamber(t, { level: ChamberLevel.Provincial, parentId: top.id });
      const elsewhere = await createChamber(t, { level: ChamberLevel.Provincial, parentId: top.id });
      // The child lies in elsewhere's province (a municipality has counties right below it), so
      // the move is valid whichever of the two runs first.
      const [free] = (await t.dataSource.query(
        `SELECT r.code FROM region r WHERE r.parent_code = $1
           AND NOT EXISTS (SELECT 1 FROM chamber c WHERE c.region_code = r.code AND c.status = 'ACTIVE' AND c.kind = 'REGIONAL')
         ORDER BY (r.level = 'PREFECTURE') DESC, r.code LIMIT 1`,
        [elsewhere.regionCode],
      )) as { code: string }[];
      const child = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: merged.id, regionCode: free.code });
      const [m, u] = await Promise.all([
        t.gql(MERGE, { id: merged.id, input: { version: 1, intoId: survivor.id, on: '2024-01-01' } }, admin),
        t.gql(move, { id: child.id, input: { version: 1, parentId: elsewhere.id } }, admin),
      ]);
      // Either the move ran first (the child left, the merge moved nothing) or the merge did (the
      // child moved to the survivor, and the move, holding a stale version, is refused).
      expect(errorCode(m)).toBeUndefined();
      expect([undefined, 'CONFLICT']).toContain(errorCode(u));
      const [row] = (await t.dataSource.query('SELECT parent_id FROM chamber WHERE id = $1', [child.id])) as { parent_id: string }[];
      expect(row.parent_id).toBe(errorCode(u) ? survivor.id : elsewhere.id);
    }
  });

  it('reads the history through chamberEvents and Chamber.events', async () => {
    const a = await createChamber(t);
    const b = await createChamber(t);
    expectData(await t.gql(ALLY, { id: a.id, input: { version: 1, withId: b.id, on: '2022-01-01' } }, admin));
    const res = expectData(
      await t.gql<{ a: Chamber; b: Chamber }>(`query($a: ID!, $b: ID!) { a: chamber(id: $a) { events { type } } b: chamber(id: $b) { events { type } } }`, { a: a.id, b: b.id }, admin),
    );
    expect([res.a.events, res.b.events]).toEqual([[{ type: 'ALLIED' }], [{ type: 'ALLIED' }]]);
    expect(errorCode(await t.gql(EVENTS, { chamberId: '00000000-0000-4000-8000-0000000000dd' }, admin))).toBe('NOT_FOUND');
  });
});
