import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLEnumType, GraphQLField, GraphQLInputType, GraphQLObjectType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType } from 'graphql';
import { Permission, PUBLIC_PERMISSION, Role } from '@crm/auth';
import { ApiKeyScope, permissionsOfScopes } from '@crm/integration';
import { createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

/**
 * The schema walk for API keys (issue 17): every operation an API key can reach is one its
 * scopes grant, and every other one is refused over HTTP. A new operation whose permission a
 * scope maps to shows up in the reviewed lists below.
 */
// party:read and visits:read reach their modules' read operations (PartyRead,
// VisitRead and FeedbackRead); the HTTP walk below covers them like every other.
const REACHABLE: Record<string, string[]> = {
  'members:read': ['enterprise', 'enterprises', 'industries', 'member', 'memberChanges', 'members'],
  'chambers:read': ['chamber', 'chamberAncestors', 'chamberChanges', 'chamberCoverage', 'chamberEvents', 'chamberRollup', 'chamberSubtree', 'chambers', 'guildHalls'],
  'projects:read': ['investmentProject', 'investmentProjects', 'investmentStallThresholds', 'investmentTargets', 'projectChanges'],
  'webhooks:manage': ['createWebhookSubscription', 'deleteWebhookSubscription', 'enableWebhookSubscription', 'pingWebhook', 'redeliverWebhook', 'webhookDeliveries', 'webhookSubscriptions'],
};

describe('API keys in the schema walk', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
  });
  afterAll(() => t.close());

  const roots = () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    return [schema.getQueryType(), schema.getMutationType()].flatMap((root) =>
      Object.values((root as GraphQLObjectType).getFields()).map((field) => ({ field, mutation: root === schema.getMutationType() })),
    );
  };

  it('reaches exactly the operations its scopes grant (regions are reference data every key reads)', () => {
    const regionOps = roots().filter(({ field }) => field.extensions?.permission === Permission.RegionRead).map(({ field }) => field.name);
    for (const scope of Object.keys(REACHABLE) as ApiKeyScope[]) {
      const granted = permissionsOfScopes([scope]);
      const reachable = roots()
        .filter(({ field }) => granted.has(field.extensions?.permission as Permission) || field.extensions?.permission === PUBLIC_PERMISSION)
        .map(({ field }) => field.name)
        .filter((name) => !regionOps.includes(name) && !['errorCatalogue', 'login', 'refreshToken'].includes(name));
      expect([scope, reachable.sort()]).toEqual([scope, [...REACHABLE[scope]].sort()]);
    }
  });

  it('is refused (FORBIDDEN) on every operation outside its scopes that can be called with plain arguments', async () => {
    const res = await t.gql(`mutation { createApiKey(input: { name: "走查", scopes: [MEMBERS_READ] }) { key } }`, {}, admin);
    const key = expectData(res).createApiKey.key as string;
    const granted = permissionsOfScopes([ApiKeyScope.MembersRead]);
    let checked = 0;
    for (const { field, mutation } of roots()) {
      const permission = field.extensions?.permission as string;
      if (permission === PUBLIC_PERMISSION || granted.has(permission as Permission)) continue;
      const args = field.args.filter((a) => isNonNullType(a.type));
      const values = args.map((a) => [a.name, placeholder(a.type)] as const);
      if (values.some(([, v]) => v === undefined)) continue; // needs an input object: the guard runs after validation
      const call = `${mutation ? 'mutation' : 'query'} { ${field.name}${values.length ? `(${values.map(([n, v]) => `${n}: ${v}`).join(', ')})` : ''}${selection(field)} }`;
      const answer = await t.gql(call, {}, key);
      expect([field.name, answer.body.errors?.[0]?.extensions?.code]).toEqual([field.name, 'FORBIDDEN']);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });
});

/** A literal for a required argument of a plain type; undefined when it needs an input object. */
function placeholder(type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  const list = isListType(isNonNullType(type) ? type.ofType : type);
  let one: string | undefined;
  if (isEnumType(named)) one = (named as GraphQLEnumType).getValues()[0].name;
  else if (isInputObjectType(named)) one = undefined;
  else if (isScalarType(named)) {
    one = { ID: '"00000000-0000-4000-8000-000000000001"', Int: '1', Float: '1', Boolean: 'false', String: '"x"', DateTime: '"2024-01-01T00:00:00Z"' }[named.name] ?? '"2024-01-01"';
  }
  return one === undefined ? undefined : list ? `[${one}]` : one;
}

/** The smallest selection: `__typename` on an object result, nothing on a scalar. */
function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) || !isScalarType(named) && !isEnumType(named) ? ' { __typename }' : '';
}
