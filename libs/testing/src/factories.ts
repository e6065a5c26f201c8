import { randomBytes } from 'node:crypto';
import { Role } from '@crm/auth';
import { ChamberEntity, ChamberKind, ChamberLevel, ChamberStatus } from '@crm/chamber';
import { toInitials, toPinyin } from '@crm/region';
import { PasswordService, UserEntity } from '@crm/user';
import { TestApp } from './test-app';
import { createOfficial } from './visit-factories';

export interface UserOverrides {
  email?: string;
  displayName?: string;
  role?: Role;
  password?: string;
  active?: boolean;
  countyCode?: string | null;
  chamberId?: string | null;
  partyCommitteeId?: string | null;
  officialId?: string | null;
}

export interface CreatedUser {
  user: UserEntity;
  password: string;
}

const SURNAMES = ['王', '李', '张', '陈', '林', '郑', '黄', '周', '吴', '徐'];
const GIVEN = ['建国', '丽华', '海燕', '志强', '晓东', '秀英', '国平', '育平'];

let sequence = 0;

export interface ChamberOverrides {
  id?: string;
  name?: string;
  level?: ChamberLevel;
  kind?: ChamberKind;
  status?: ChamberStatus;
  regionCode?: string | null;
  parentId?: string | null;
  foundedOn?: string | null;
}

const LEVEL_REGION: Record<ChamberLevel, string | null> = {
  [ChamberLevel.National]: null,
  [ChamberLevel.Provincial]: 'PROVINCE',
  [ChamberLevel.Prefecture]: 'PREFECTURE',
  [ChamberLevel.County]: 'COUNTY',
};

/**
 * Regions outside Jiangsu and Zhejiang that tests name for their chambers (regionCode: '440300' …):
 * never picked at random, or a random chamber made earlier in the same file could take the
 * region and the named one would fail on 一地一会 now and then. Add a code here when a test
 * starts naming one.
 */
const NAMED_IN_TESTS = [
  '110000', '110101', '110105', '130100', '310000', '310115', '340000', '340100', '340102', '350100', '370200', '420500', '420581', '420600',
  '420700', '440000', '440300', '440305', '460000', '510100', '620100',
  // The party fixtures' provincialChamber('35') … for provinces 35–37 and 41–46.
  '350000', '360000', '370000', '410000', '420000', '430000', '450000',
];

/**
 * Inserts a chamber straight into the test database (no history or audit: it is setup). By
 * default an ACTIVE REGIONAL PREFECTURE chamber in a prefecture that has no active regional
 * chamber yet, so factories never trip over 一地一会. Jiangsu (32) is left out of the random
 * choice as well as Zhejiang: tests that name their regions (江苏省温州商会, 江阴, 张家港 …) use
 * its codes, and a random chamber there made them fail now and then on 一地一会.
 */
export async function createChamber(t: TestApp, overrides: ChamberOverrides = {}): Promise<ChamberEntity> {
  sequence += 1;
  const level = overrides.level ?? ChamberLevel.Prefecture;
  let regionCode = overrides.regionCode;
  let regionName = '全国';
  if (regionCode === undefined && LEVEL_REGION[level]) {
    const [free] = (await t.dataSource.query(
      `SELECT r.code, r.name FROM region r
       WHERE r.level = $1 AND r.province_code NOT IN ('32', '33', '71', '81', '82') AND r.code <> ALL($2::varchar[])
         AND NOT EXISTS (SELECT 1 FROM chamber c WHERE c.region_code = r.code AND c.status = 'ACTIVE' AND c.kind = 'REGIONAL')
       ORDER BY random() LIMIT 1`,
      [LEVEL_REGION[level], NAMED_IN_TESTS],
    )) as { code: string; name: string }[];
    regionCode = free.code;
    regionName = free.name;
  } else if (regionCode) {
    const [row] = (await t.dataSource.query('SELECT name FROM region WHERE code = $1', [regionCode])) as { name: string }[];
    regionName = row?.name ?? regionCode;
  }
  const name = overrides.name ?? `${regionName}温州商会${sequence}${randomBytes(2).toString('hex')}`;
  const status = overrides.status ?? ChamberStatus.Active;
  const repo = t.dataSource.getRepository(ChamberEntity);
  const result = await repo.insert({
    ...(overrides.id ? { id: overrides.id } : {}),
    name,
    namePinyin: toPinyin(name),
    nameInitials: toInitials(name),
    level,
    kind: overrides.kind ?? ChamberKind.Regional,
    regionCode: regionCode ?? null,
    provinceCode: regionCode ? regionCode.slice(0, 2) : null,
    parentId: overrides.parentId ?? null,
    status,
    foundedOn: overrides.foundedOn !== undefined ? overrides.foundedOn : status === ChamberStatus.Preparing ? null : '2010-05-18',
  });
  return repo.findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
}

/** The scope column each role needs, with a valid default, so a factory user always satisfies the CHECK. */
async function defaultScope(t: TestApp, role: Role): Promise<Partial<UserOverrides>> {
  switch (role) {
    case Role.CountyOfficer:
      return { countyCode: '330381' };
    case Role.ChamberSecretary:
      return { chamberId: (await createChamber(t)).id };
    case Role.PartyOfficer:
      return { partyCommitteeId: '00000000-0000-4000-8000-000000000002' };
    case Role.ProjectOfficial:
      return { officialId: (await createOfficial(t)).id };
    default:
      return {};
  }
}

/** Inserts a user straight into the test database (no audit event: it is test setup). */
export async function createUser(t: TestApp, overrides: UserOverrides = {}): Promise<CreatedUser> {
  sequence += 1;
  const role = overrides.role ?? Role.Viewer;
  const password = overrides.password ?? `Pw-${randomBytes(6).toString('hex')}-9`;
  const passwordHash = await t.app.get(PasswordService).hash(password);
  const needsDefault = role === Role.ChamberSecretary ? overrides.chamberId === undefined : true;
  const scope = { countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null, ...(needsDefault ? await defaultScope(t, role) : {}) };
  const values: Partial<UserEntity> = {
    email: overrides.email ?? `user${sequence}-${randomBytes(3).toString('hex')}@test.crm`,
    displayName: overrides.displayName ?? `${SURNAMES[sequence % SURNAMES.length]}${GIVEN[sequence % GIVEN.length]}`,
    role,
    passwordHash,
    active: overrides.active ?? true,
    countyCode: overrides.countyCode !== undefined ? overrides.countyCode : scope.countyCode,
    chamberId: overrides.chamberId !== undefined ? overrides.chamberId : scope.chamberId,
    partyCommitteeId: overrides.partyCommitteeId !== undefined ? overrides.partyCommitteeId : scope.partyCommitteeId,
    officialId: overrides.officialId !== undefined ? overrides.officialId : scope.officialId,
  };
  const repo = t.dataSource.getRepository(UserEntity);
  const result = await repo.insert(values);
  const user = await repo.findOneByOrFail({ id: (result.identifiers[0] as { id: string }).id });
  return { user, password };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
}

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken expiresIn }
}`;

/** Signs in over GraphQL, as a client would; fails the test if sign-in fails. */
export async function login(t: TestApp, email: string, password: string): Promise<Session> {
  const res = await t.gql<{ login: Session }>(LOGIN, { email, password });
  if (!res.body.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data.login;
}

/** Creates a user with the role (and its default scope) and signs in. */
export async function signedInUser(t: TestApp, overrides: UserOverrides = {}): Promise<CreatedUser & Session> {
  const created = await createUser(t, overrides);
  const session = await login(t, created.user.email, created.password);
  return { ...created, ...session };
}

/** An email no other test uses, e.g. `chpw-1a2b3c4d5e@test.crm`. */
export function uniqueEmail(prefix = 'u'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@test.crm`;
}
