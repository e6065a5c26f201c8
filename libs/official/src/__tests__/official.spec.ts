import { Role } from '@crm/auth';
import { createOfficial, createTestApp, expectData, expectError, refusalChecker, rowCounts, signedInUser, TestApp } from '@crm/testing';

// The officials' directory (docs/visits.md): search by name, pinyin, initials and unit; county
// offices keep their county's officials; phones masked without the personal-data permission;
// stale versions refused; the acting account's official_id is a foreign key.

const CREATE = `mutation($input: CreateOfficialInput!) { createOfficial(input: $input) { id name namePinyin level countyCode phone version } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOfficialInput!) { updateOfficial(id: $id, input: $input) { id title version active } }`;
const LIST = `query($filter: OfficialFilter) { officials(first: 50, filter: $filter) { totalCount edges { node { name unit phone } } } }`;

describe('officials', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string;
  let viewer: string;
  const refused = refusalChecker(() => rowCounts(t, ['official', 'audit_event']));

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
  });
  afterAll(() => t.close());

  it('an admin adds city and county officials; search finds name fragments, pinyin, initials and the unit', async () => {
    const city = expectData(await t.gql(CREATE, { input: { name: '厉育平', title: '副市长', unit: '温州市人民政府', level: 'CITY', phone: '0577-88880001' } }, admin)).createOfficial;
    expect(city).toMatchObject({ name: '厉育平', namePinyin: 'liyuping', level: 'CITY', countyCode: null, phone: '0577-88880001', version: 1 });
    await t.gql(CREATE, { input: { name: '单雄信', title: '县长', unit: '瑞安市人民政府', level: 'COUNTY', countyCode: '330381' } }, admin);
    const names = async (search: string) =>
      expectData(await t.gql(LIST, { filter: { search } }, admin)).officials.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(await names('育平')).toEqual(['厉育平']);
    expect(await names('lyp')).toEqual(['厉育平']);
    expect(await names('liyu')).toEqual(['厉育平']);
    expect(await names('sxx')).toEqual(['单雄信']);
    expect(await names('瑞安市')).toEqual(['单雄信']);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE operation = 'official.create'`);
    expect(events[0].n).toBe(2);
  });

  it('a county office adds officials of its own county only; a county official needs a county of the home city', async () => {
    const own = expectData(await t.gql(CREATE, { input: { name: '林海燕', title: '副县长', unit: '瑞安市人民政府' } }, ruian)).createOfficial;
    expect(own).toMatchObject({ level: 'COUNTY', countyCode: '330381' });
    await refused(() => t.gql(CREATE, { input: { name: '周国平', title: '副区长', unit: '鹿城区人民政府', level: 'COUNTY', countyCode: '330302' } }, ruian), 'FORBIDDEN', 'input.countyCode');
    await refused(() => t.gql(CREATE, { input: { name: '周国平', title: '副区长', unit: '某区', level: 'COUNTY', countyCode: '310115' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
    await refused(() => t.gql(CREATE, { input: { name: '周国平', title: '副区长', unit: '某区', level: 'COUNTY' } }, admin), 'BAD_USER_INPUT', 'input.countyCode');
  });

  it('an edit carries the version read; a stale one is CONFLICT and writes nothing', async () => {
    const o = await createOfficial(t, { name: '陈静怡', countyCode: '330381' });
    const first = expectData(await t.gql(UPDATE, { id: o.id, input: { version: 1, title: '县委书记' } }, ruian)).updateOfficial;
    expect(first).toMatchObject({ title: '县委书记', version: 2 });
    const res = await refused(() => t.gql(UPDATE, { id: o.id, input: { version: 1, active: false } }, ruian), 'CONFLICT', 'input.version');
    expect(res.body.errors?.[0].extensions?.reason).toBe('OFFICIAL_STALE_VERSION');
  });

  it('a viewer reads the directory with phones masked', async () => {
    const rows = expectData(await t.gql(LIST, { filter: { search: '厉育平' } }, viewer)).officials.edges;
    expect(rows[0].node.phone).toBe('057******0001');
  });

  it('app_user.official_id points at an official (foreign key)', async () => {
    await expect(t.dataSource.query(`UPDATE app_user SET role = 'PROJECT_OFFICIAL', official_id = gen_random_uuid() WHERE email LIKE 'user%' AND role = 'VIEWER'`)).rejects.toThrow(/fk_app_user_official/);
    const acting = await signedInUser(t, { role: Role.ProjectOfficial });
    expect(acting.user.officialId).toEqual(expect.any(String));
    expectError(await t.gql(CREATE, { input: { name: '赵磊磊', title: '服务员', unit: '市经合办' } }, acting.accessToken), 'FORBIDDEN');
  });
});
