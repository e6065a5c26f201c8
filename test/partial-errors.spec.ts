import { Role } from '@crm/auth';
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

  it('a refused top-level field nulls the whole answer while the field is non-null (GraphQL null propagation)', async () => {
    // Root fields are declared non-null; an error in one propagates to `data`. Admin-only root
    // fields (users, user) belong in their own operation until they are declared nullable.
    const chamber = await createChamber(t);
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id });
    const res = await t.gql('{ me { id } users(first: 1) { totalCount } }', {}, secretary.accessToken);
    expect(res.body.data ?? null).toBeNull();
    expect(errorsOf(res)).toEqual([{ code: 'FORBIDDEN', path: ['users'] }]);
  });
});
