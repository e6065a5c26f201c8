import { Role } from '@crm/auth';
import { ChamberKind, ChamberLevel, ChamberStatus } from '@crm/chamber';
import { createChamber, createTestApp, errorCode, expectData, GqlResponse, signedInUser, TestApp } from '@crm/testing';

const CREATE = `mutation($input: CreateChamberInput!) {
  createChamber(input: $input) { id name level kind status regionCode parentId ancestorIds depth foundedOn version region { name } }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateChamberInput!) { updateChamber(id: $id, input: $input) { id name parentId ancestorIds depth version } }`;
const GET = `query($id: ID!) { chamber(id: $id) { id name parent { id name } } }`;

interface Created {
  id: string;
  name: string;
  parentId: string | null;
  ancestorIds: string[];
  depth: number;
  version: number;
}

describe('chambers: create, edit, hierarchy, 一地一会, scope', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>, token = admin) => t.gql<{ createChamber: Created }>(CREATE, { input }, token);
  const rows = async () => ((await t.dataSource.query('SELECT count(*)::int AS n FROM chamber')) as { n: number }[])[0].n;
  const events = async () => ((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0].n;
  function expectField(res: GqlResponse, code: string, field: string) {
    expect({ code: errorCode(res), field: res.body.errors?.[0]?.extensions?.field }).toEqual({ code, field });
  }

  it('creates a hierarchy and keeps ancestors in one column', async () => {
    const province = expectData(await create({ name: '广东省温州商会', level: 'PROVINCIAL', kind: 'REGIONAL', regionCode: '440000', foundedOn: '2003-06-01' })).createChamber;
    const city = expectData(await create({ name: '深圳市温州商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '440300', parentId: province.id, foundedOn: '2005-03-01' })).createChamber;
    const county = expectData(await create({ name: '深圳市南山区温州商会', level: 'COUNTY', kind: 'REGIONAL', regionCode: '440305', parentId: city.id, status: 'PREPARING' })).createChamber;
    expect(county).toMatchObject({ ancestorIds: [province.id, city.id], depth: 2, status: 'PREPARING', foundedOn: null });
    expect(city).toMatchObject({ region: { name: '深圳市' }, version: 1 });
    const youth = expectData(await create({ name: '广东省温州商会青年分会', level: 'PROVINCIAL', kind: 'YOUTH', regionCode: '440000', parentId: province.id, foundedOn: '2010-01-01' }));
    expect(youth).toBeTruthy();
  });

  it('refuses a second active regional chamber in a place, naming the holder, and writes nothing', async () => {
    const holder = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '320500', name: '苏州市温州商会' });
    const [chambers, audit] = [await rows(), await events()];
    const res = await create({ name: '苏州温州商会（二）', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320500', foundedOn: '2020-01-01' });
    expectField(res, 'CONFLICT', 'input.regionCode');
    expect(res.body.errors?.[0].message).toContain(holder.name);
    expect(res.body.errors?.[0].extensions?.holderId).toBe(holder.id);
    expect([await rows(), await events()]).toEqual([chambers, audit]);
    // An industry branch in the same place is not a second regional chamber.
    expectData(await create({ name: '苏州温州商会服装行业分会', level: 'PREFECTURE', kind: 'INDUSTRY', regionCode: '320500', foundedOn: '2021-01-01' }));
  });

  it('refuses bad regions, levels and dates with the field at fault', async () => {
    expectField(await create({ name: '无名商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '999999', foundedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.regionCode');
    expectField(await create({ name: '错级商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '440000', foundedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.regionCode');
    expectField(await create({ name: '无地商会', level: 'COUNTY', kind: 'REGIONAL', foundedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.regionCode');
    expectField(await create({ name: '无日商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200' }), 'BAD_USER_INPUT', 'input.foundedOn');
    expectField(await create({ name: '未来商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200', foundedOn: '2999-01-01' }), 'BAD_USER_INPUT', 'input.foundedOn');
    expectField(await create({ name: '坏日商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200', foundedOn: '2023-02-30' }), 'BAD_USER_INPUT', 'input.foundedOn');
    expectField(await create({ name: '并入商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200', status: 'MERGED', foundedOn: '2020-01-01' }), 'BAD_USER_INPUT', 'input.status');
    const county = await createChamber(t, { level: ChamberLevel.County });
    expectField(
      await create({ name: '倒挂商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200', parentId: county.id, foundedOn: '2020-01-01' }),
      'BAD_USER_INPUT',
      'input.parentId',
    );
  });

  it('refuses a cycle and a move below a lower level, and keeps the subtree consistent on a move', async () => {
    // 安徽: a provincial chamber, Hefei below it, a Hefei district below that; a second
    // provincial-level body (a youth chamber) in the same province to move Hefei under.
    const a = await createChamber(t, { level: ChamberLevel.Provincial, regionCode: '340000' });
    const b = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '340100', parentId: a.id });
    const c = await createChamber(t, { level: ChamberLevel.County, regionCode: '340102', parentId: b.id });
    const a2 = await createChamber(t, { level: ChamberLevel.Provincial, kind: ChamberKind.Youth, regionCode: '340000' });
    const sibling = await createChamber(t, { level: ChamberLevel.Provincial, kind: ChamberKind.Youth, regionCode: '340000', parentId: a.id });
    expectField(await t.gql(UPDATE, { id: sibling.id, input: { version: 1, parentId: c.id } }, admin), 'BAD_USER_INPUT', 'input.parentId');
    expectField(await t.gql(UPDATE, { id: b.id, input: { version: 1, parentId: c.id } }, admin), 'BAD_USER_INPUT', 'input.parentId');

    const moved = expectData(await t.gql<{ updateChamber: Created }>(UPDATE, { id: b.id, input: { version: 1, parentId: a2.id } }, admin)).updateChamber;
    expect(moved).toMatchObject({ parentId: a2.id, ancestorIds: [a2.id], depth: 1, version: 2 });
    const [grandchild] = (await t.dataSource.query('SELECT ancestor_ids, depth FROM chamber WHERE id = $1', [c.id])) as { ancestor_ids: string[]; depth: number }[];
    expect(grandchild).toEqual({ ancestor_ids: [a2.id, b.id], depth: 2 });
  });

  it('refuses a stale version without overwriting', async () => {
    const chamber = await createChamber(t);
    expectData(await t.gql(UPDATE, { id: chamber.id, input: { version: 1, phone: '021-6666 8888' } }, admin));
    const stale = await t.gql(UPDATE, { id: chamber.id, input: { version: 1, phone: '021-0000 0000' } }, admin);
    expectField(stale, 'CONFLICT', 'input.version');
    const [row] = (await t.dataSource.query('SELECT phone, version FROM chamber WHERE id = $1', [chamber.id])) as { phone: string; version: number }[];
    expect(row).toEqual({ phone: '021-6666 8888', version: 2 });
  });

  it('keeps a secretary inside its chamber and the chambers below it', async () => {
    const top = await createChamber(t, { level: ChamberLevel.Provincial });
    const own = await createChamber(t, { level: ChamberLevel.Prefecture, parentId: top.id });
    const below = await createChamber(t, { level: ChamberLevel.County, parentId: own.id });
    const elsewhere = await createChamber(t, { level: ChamberLevel.Prefecture });
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;

    const mine = expectData(await t.gql<{ chamber: { parent: unknown } }>(GET, { id: own.id }, secretary)).chamber;
    expect(mine.parent).toBeNull(); // the parent is outside the secretary's scope
    expectData(await t.gql(GET, { id: below.id }, secretary));
    expect(errorCode(await t.gql(GET, { id: elsewhere.id }, secretary))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(GET, { id: top.id }, secretary))).toBe('NOT_FOUND');

    expectData(await t.gql(UPDATE, { id: below.id, input: { version: 1, contactPerson: '王秘书' } }, secretary));
    const before = await rows();
    expect(errorCode(await t.gql(UPDATE, { id: top.id, input: { version: 1, contactPerson: 'x' } }, secretary))).toBe('NOT_FOUND');
    expect(errorCode(await create({ name: '越权商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '320200', foundedOn: '2020-01-01' }, secretary))).toBe('FORBIDDEN');
    expectField(
      await create({ name: '越权商会二', level: 'COUNTY', kind: 'REGIONAL', regionCode: '320206', parentId: elsewhere.id, foundedOn: '2020-01-01' }, secretary),
      'BAD_USER_INPUT',
      'input.parentId',
    );
    expect(await rows()).toBe(before);
    const child = expectData(
      await create({ name: `${own.name}青年分会`, level: 'PREFECTURE', kind: 'YOUTH', regionCode: own.regionCode, parentId: own.id, foundedOn: '2022-05-01' }, secretary),
    ).createChamber;
    expect(child.ancestorIds).toEqual([top.id, own.id]);

    const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    expectData(await t.gql(GET, { id: elsewhere.id }, viewer));
    expect(errorCode(await t.gql(UPDATE, { id: elsewhere.id, input: { version: 1, phone: '123456' } }, viewer))).toBe('FORBIDDEN');
  });

  it('keeps a chamber inside its parent\'s region, and only administrators move one to the top', async () => {
    const jiangsu = await createChamber(t, { level: ChamberLevel.Provincial, regionCode: '320000', name: '江苏省温州商会（测）' });
    const zhejiangCity = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '330100' });
    expectField(
      await create({ name: '杭州不在江苏商会', level: 'PREFECTURE', kind: 'REGIONAL', regionCode: '330200', parentId: jiangsu.id, foundedOn: '2020-01-01' }),
      'BAD_USER_INPUT',
      'input.regionCode',
    );
    expectField(await t.gql(UPDATE, { id: zhejiangCity.id, input: { version: 1, parentId: jiangsu.id } }, admin), 'BAD_USER_INPUT', 'input.parentId');
    const county = expectData(
      await create({ name: '江阴温州商会（测）', level: 'COUNTY', kind: 'REGIONAL', regionCode: '320281', parentId: jiangsu.id, foundedOn: '2020-01-01' }),
    ).createChamber;
    expect(county.ancestorIds).toEqual([jiangsu.id]);

    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: jiangsu.id })).accessToken;
    expect(errorCode(await t.gql(UPDATE, { id: county.id, input: { version: 1, parentId: null } }, secretary))).toBe('FORBIDDEN');
    const top = expectData(await t.gql<{ updateChamber: Created }>(UPDATE, { id: county.id, input: { version: 1, parentId: null } }, admin)).updateChamber;
    expect(top).toMatchObject({ parentId: null, ancestorIds: [], depth: 0 });
  });

  it('does not name a chamber outside the caller\'s scope in a 一地一会 conflict', async () => {
    const holder = await createChamber(t, { level: ChamberLevel.County, regionCode: '320582', name: '张家港市温州商会（测）' });
    const own = await createChamber(t, { level: ChamberLevel.Prefecture, regionCode: '320500', name: '苏州市温州商会（测）', status: ChamberStatus.Preparing });
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id })).accessToken;
    const res = await create({ name: '张家港温州商会（二）', level: 'COUNTY', kind: 'REGIONAL', regionCode: '320582', parentId: own.id, foundedOn: '2021-01-01' }, secretary);
    expectField(res, 'CONFLICT', 'input.regionCode');
    expect(res.body.errors?.[0].message).not.toContain(holder.name);
    expect(res.body.errors?.[0].extensions?.holderId).toBeUndefined();
  });

  it('has at most one active national chamber, without a region', async () => {
    const first = await create({ name: '全国温州商会（测一）', level: 'NATIONAL', kind: 'REGIONAL', foundedOn: '2012-01-01' });
    const existing = ((await t.dataSource.query(`SELECT count(*)::int AS n FROM chamber WHERE level = 'NATIONAL' AND status = 'ACTIVE' AND kind = 'REGIONAL'`)) as { n: number }[])[0].n;
    if (!errorCode(first)) expect(existing).toBe(1);
    expectField(await create({ name: '全国温州商会（测二）', level: 'NATIONAL', kind: 'REGIONAL', foundedOn: '2013-01-01' }), 'CONFLICT', 'input.level');
    expectField(await create({ name: '全国青年温州商会（测）', level: 'NATIONAL', kind: 'YOUTH', regionCode: '110000', foundedOn: '2013-01-01' }), 'BAD_USER_INPUT', 'input.regionCode');
  });

  it('takes a 100-character name, whatever its pinyin length', async () => {
    const name = '庄'.repeat(100);
    const res = expectData(await create({ name, level: 'PREFECTURE', kind: 'INDUSTRY', regionCode: '320500', foundedOn: '2010-01-01' })).createChamber;
    expect(res.name).toBe(name);
  });

  it('the database refuses a cycle even from raw SQL', async () => {
    const a = await createChamber(t, { level: ChamberLevel.Provincial });
    const b = await createChamber(t, { level: ChamberLevel.Provincial, kind: ChamberKind.Industry, parentId: a.id });
    await expect(t.dataSource.query('UPDATE chamber SET parent_id = $1 WHERE id = $2', [b.id, a.id])).rejects.toThrow(/own descendant/);
    expect(ChamberStatus.Active).toBe('ACTIVE');
  });
});
