import { randomBytes } from 'node:crypto';
import { Role } from '@crm/auth';
import { PasswordService, UserEntity } from '@crm/user';
import { TestApp } from './test-app';

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

/** The scope column each role needs, with a valid default, so a factory user always satisfies the CHECK. */
function defaultScope(role: Role): Partial<UserOverrides> {
  switch (role) {
    case Role.CountyOfficer:
      return { countyCode: '330381' };
    case Role.ChamberSecretary:
      return { chamberId: '00000000-0000-4000-8000-000000000001' };
    case Role.PartyOfficer:
      return { partyCommitteeId: '00000000-0000-4000-8000-000000000002' };
    case Role.ProjectOfficial:
      return { officialId: '00000000-0000-4000-8000-000000000003' };
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
  const scope = { countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null, ...defaultScope(role) };
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
