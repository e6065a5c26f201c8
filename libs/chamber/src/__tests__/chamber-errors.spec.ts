import { Role } from '@crm/auth';
import { ChamberLevel, ChamberStatus } from '@crm/chamber';
import { createChamber, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

const FOUND = `mutation($id: ID!, $input: FoundChamberInput!) { foundChamber(id: $id, input: $input) { id status } }`;
const START_TERM = `mutation($chamberId: ID!, $input: StartChamberTermInput!) { startChamberTerm(chamberId: $chamberId, input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateChamberInput!) { updateChamber(id: $id, input: $input) { id version } }`;
const CREATE = `mutation($input: CreateChamberInput!) { createChamber(input: $input) { id } }`;

/** The first error's extensions. */
const ext = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions ?? {};

describe('chamber refusals carry their catalogue reason and a Chinese message', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  it('a conflict: reason, code, field, the status in each language, English message unchanged', async () => {
    const chamber = await createChamber(t, { level: ChamberLevel.Prefecture });
    const res = await t.gql(FOUND, { id: chamber.id, input: { foundedOn: '2020-01-01', version: chamber.version } }, admin);
    expect(res.body.errors?.[0]?.message).toBe(`${chamber.name} is active; only a chamber in preparation can be founded`);
    expect(ext(res)).toMatchObject({
      code: 'CONFLICT',
      reason: 'CHAMBER_NOT_PREPARING',
      field: 'id',
      status: 'ACTIVE',
      messageZh: `${chamber.name}当前状态为“已成立”；只有筹备中的商会才能成立`,
    });
  });

  it('bad input: the field is listed in `fields` with its Chinese message too', async () => {
    const chamber = await createChamber(t, { level: ChamberLevel.Prefecture });
    const res = await t.gql(START_TERM, { chamberId: chamber.id, input: { number: 1, startsOn: '2024-05-01', endsOn: '2024-01-01' } }, admin);
    expect(ext(res)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'CHAMBER_TERM_END_BEFORE_START',
      field: 'input.endsOn',
      messageZh: '届次的结束日期必须晚于开始日期',
      fields: [{ field: 'input.endsOn', reason: 'CHAMBER_TERM_END_BEFORE_START', message: 'The end of a term must come after its start', messageZh: '届次的结束日期必须晚于开始日期' }],
    });
  });

  it('forbidden and stale version: the catalogue entry, not the generic text', async () => {
    const own = await createChamber(t, { level: ChamberLevel.Prefecture });
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: own.id });
    const input = { name: '自立门户温州商会', level: 'COUNTY', kind: 'REGIONAL', regionCode: '330381', foundedOn: '2020-01-01' };
    const refused = await t.gql(CREATE, { input }, secretary.accessToken);
    expect(refused.body.errors?.[0]?.message).toBe('You may only create chambers below your own chamber');
    expect(ext(refused)).toEqual({ code: 'FORBIDDEN', reason: 'CHAMBER_CREATE_OUTSIDE_SCOPE', messageZh: '您只能在本商会之下创建商会' });

    expectData(await t.gql(UPDATE, { id: own.id, input: { version: own.version, address: '某路 2 号' } }, admin));
    const stale = await t.gql(UPDATE, { id: own.id, input: { version: own.version, address: '某路 3 号' } }, admin);
    expect(ext(stale)).toMatchObject({
      code: 'CONFLICT',
      reason: 'CHAMBER_STALE_VERSION',
      field: 'input.version',
      currentVersion: own.version + 1,
      messageZh: `${own.name}已被他人修改（当前版本 ${own.version + 1}，您读取的是版本 ${own.version}），请刷新后重试`,
    });
  });

  it('一地一会: the conflict the database states carries its reason, the holder and the Chinese message', async () => {
    const holder = await createChamber(t, { level: ChamberLevel.Prefecture });
    const [region] = (await t.dataSource.query('SELECT name FROM region WHERE code = $1', [holder.regionCode])) as { name: string }[];
    const input = { name: `${region.name}温州商会（第二家）`, level: 'PREFECTURE', kind: 'REGIONAL', regionCode: holder.regionCode, foundedOn: '2020-01-01' };
    const res = await t.gql(CREATE, { input }, admin);
    expect(res.body.errors?.[0]?.message).toBe(`${region.name} already has an active regional chamber: ${holder.name} (一地一会)`);
    expect(ext(res)).toMatchObject({
      code: 'CONFLICT',
      reason: 'CHAMBER_ONE_PER_LOCALITY',
      field: 'input.regionCode',
      holderId: holder.id,
      holderName: holder.name,
      messageZh: `${region.name}已有已成立的地域商会：${holder.name}（一地一会）`,
    });
  });

  it('errors without a catalogue entry get a generic Chinese message for their code', async () => {
    const missing = await t.gql(FOUND, { id: '00000000-0000-4000-8000-000000000001', input: { foundedOn: '2020-01-01', version: 1 } }, admin);
    expect(ext(missing)).toMatchObject({ code: 'NOT_FOUND', entity: 'Chamber', messageZh: '未找到该商会（不存在或不在您的权限范围内）' });
    expect(ext(missing).reason).toBeUndefined();

    const invalid = await t.gql(FOUND, { id: (await createChamber(t, { status: ChamberStatus.Preparing })).id, input: { foundedOn: '20-01-01', version: 1 } }, admin);
    expect(ext(invalid)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INPUT_INVALID', field: 'input.foundedOn' });
    expect(ext(invalid).messageZh).toMatch(/^输入有误：input\.foundedOn 必须是 YYYY-MM-DD 格式的有效日期/);

    const anonymous = await t.gql(FOUND, { id: '00000000-0000-4000-8000-000000000001', input: { foundedOn: '2020-01-01', version: 1 } });
    expect(ext(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED', messageZh: expect.stringMatching(/登录/) });
  });
});
