import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isNonNullType } from 'graphql';
import { Permission, PUBLIC_PERMISSION, Role, roleHasPermission } from '@crm/auth';
import { createChamber, createTestApp, expectData, GqlResponse, signedInUser, TestApp } from '@crm/testing';

/** The error entries of a response, reduced to what a client branches on. */
const errorsOf = (res: GqlResponse) => (res.body.errors ?? []).map((e) => ({ code: e.extensions?.code, path: e.path }));

describe('a refused field and the rest of the answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every role reads its own audit events beside its other data, never anyone else’s', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    const chamber = await createChamber(t);
    for (const role of [Role.ChamberSecretary, Role.CountyOfficer, Role.Viewer, Role.PartyOfficer, Role.ProjectOfficial]) {
      const caller = await signedInUser(t, role === Role.ChamberSecretary ? { role, chamberId: chamber.id } : { role });
      const res = await t.gql<{ me: { id: string }; auditEvents: { totalCount: number; edges: { node: { actorId: string; operation: string } }[] } }>(
        '{ me { id } auditEvents(first: 50) { totalCount edges { node { actorId operation } } } }',
        {},
        caller.accessToken,
      );
      const data = expectData(res);
      expect(data.me.id).toBe(caller.user.id);
      // Their sign-in is theirs; the administrator's sign-in (and the rest of the trail) is not.
      expect(data.auditEvents.edges.map((e) => e.node)).toEqual([{ actorId: caller.user.id, operation: 'auth.login' }]);
      expect(data.auditEvents.totalCount).toBe(1);
    }
    const all = expectData(await t.gql<{ auditEvents: { totalCount: number } }>('{ auditEvents(first: 1) { totalCount } }', {}, admin.accessToken));
    expect(all.auditEvents.totalCount).toBeGreaterThan(5);
  });

  it('a refused nullable field is null with a FORBIDDEN error at its path; the fields beside it are answered', async () => {
    const admin = await signedInUser(t, { role: Role.Admin });
    const chamber = await createChamber(t);
    const term = expectData(
      await t.gql<{ startChamberTerm: { id: string } }>(
        'mutation($id: ID!) { startChamberTerm(chamberId: $id, input: { number: 1, startsOn: "2024-01-01" }) { id } }',
        { id: chamber.id },
        admin.accessToken,
      ),
    ).startChamberTerm;
    expectData(await t.gql('mutation($term: ID!) { addChamberPosition(termId: $term, input: { position: PRESIDENT, holderName: "王会长" }) { id } }', { term: term.id }, admin.accessToken));

    // A party officer reads chambers but not members: ChamberPosition.member (nullable) is refused alone.
    const officer = await signedInUser(t, { role: Role.PartyOfficer });
    const res = await t.gql<{ me: { id: string }; chamber: { name: string; currentLeadership: { positions: { holderName: string; member: null }[] } } }>(
      'query($id: ID!) { me { id } chamber(id: $id) { name currentLeadership { positions { holderName member { name } } } } }',
      { id: chamber.id },
      officer.accessToken,
    );
    expect(res.body.data).toEqual({
      me: { id: officer.user.id },
      chamber: { name: chamber.name, currentLeadership: { positions: [{ holderName: '王会长', member: null }] } },
    });
    expect(errorsOf(res)).toEqual([{ code: 'FORBIDDEN', path: ['chamber', 'currentLeadership', 'positions', 0, 'member'] }]);
  });

  it('a refused top-level query is null with its FORBIDDEN; the root fields beside it are answered', async () => {
    // Root queries some role is refused (users, user, the member queries …) are nullable, so a
    // screen can ask them beside what every role reads.
    const chamber = await createChamber(t);
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id });
    const res = await t.gql('{ me { id } users(first: 1) { totalCount } }', {}, secretary.accessToken);
    expect(res.body.data).toEqual({ me: { id: secretary.user.id }, users: null });
    expect(errorsOf(res)).toEqual([{ code: 'FORBIDDEN', path: ['users'] }]);

    const officer = await signedInUser(t, { role: Role.PartyOfficer });
    const dashboard = await t.gql('{ me { id } chambers(first: 1) { totalCount } members(first: 1) { totalCount } }', {}, officer.accessToken);
    expect(dashboard.body.data).toEqual({ me: { id: officer.user.id }, chambers: { totalCount: expect.any(Number) }, members: null });
    expect(errorsOf(dashboard)).toEqual([{ code: 'FORBIDDEN', path: ['members'] }]);
  });

  it('a root query is nullable exactly when some role lacks its permission', () => {
    const queries = Object.values(t.app.get(GraphQLSchemaHost).schema.getQueryType()?.getFields() ?? {});
    const roles = Object.values(Role);
    const mismatched = queries
      .map((field) => {
        const permission = field.extensions?.permission as string;
        const refusedToSome = permission !== PUBLIC_PERMISSION && roles.some((role) => !roleHasPermission(role, permission as Permission));
        return { field: field.name, refusedToSome, nullable: !isNonNullType(field.type) };
      })
      .filter((f) => f.refusedToSome !== f.nullable);
    expect(mismatched).toEqual([]);
    expect(queries.length).toBeGreaterThan(20);
  });
});
