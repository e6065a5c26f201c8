import { Role } from '@crm/auth';
import { ChamberMembershipEntity, EnterpriseEntity, EnterpriseRole, MemberDesignation, MemberEnterpriseEntity, MemberEntity } from '@crm/member';
import { addMembership, captureSql, createChamber, createMember, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

// The lean read path (docs/architecture.md, "Lists and lookups"): a member and a page of members
// read only the columns a query selects, with memberships (and their chamber) and enterprises
// in the same statement, and answer exactly what the resolvers and loaders answered before.

const MEMBER_SCALARS = `id name namePinyin nameInitials gender birthYear wechat email address hometownCode currentRegionCode
  designations tags source sourceNote registeredById registeredAt status mergedIntoId note completeness missingFields
  version createdAt updatedAt idNumber phones birthDate personalDataMasked`;
const CHAMBER_SCALARS = `id name shortName namePinyin level kind regionCode parentId ancestorIds depth status mergedIntoId foundedOn
  dissolvedOn dualBranded address phone email contactPerson version createdAt updatedAt`;
const ENTERPRISE_SCALARS = 'id name namePinyin creditCode industryCode regionCode size version createdAt updatedAt';
const RELATIONS = `memberships { id memberId chamberId joinedOn leftOn current chamber { ${CHAMBER_SCALARS} } }
  enterprises { memberId enterpriseId roles enterprise { ${ENTERPRISE_SCALARS} } }`;

const PAGE = `query($first: Int!, $filter: MemberFilter) {
  members(first: $first, sort: NAME, filter: $filter) { edges { node { ${MEMBER_SCALARS} ${RELATIONS} } } pageInfo { hasNextPage endCursor } }
}`;
const ONE = `query($id: ID!) { member(id: $id) { ${MEMBER_SCALARS} ${RELATIONS} } }`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

describe('lean reads of members', () => {
  let t: TestApp;
  let admin: string;
  let chamberA: string;
  let chamberB: string;
  let members: MemberEntity[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    chamberA = (await createChamber(t)).id;
    chamberB = (await createChamber(t)).id;
    members = [];
    for (let i = 0; i < 6; i += 1) {
      const m = await createMember(t, { designations: i % 2 ? [MemberDesignation.NewGeneration] : [], tags: i % 3 ? ['重点'] : [], wechat: i % 2 ? `wx${i}` : null });
      members.push(m);
      await addMembership(t, m.id, chamberA, { joinedOn: '2020-01-0' + (i + 1) });
      if (i % 2) await addMembership(t, m.id, chamberB, { joinedOn: '2019-05-01', leftOn: i === 3 ? '2022-01-01' : null });
    }
    // Two enterprises for one member, one for another.
    const enterprises = t.dataSource.getRepository(EnterpriseEntity);
    const e1 = await enterprises.save(enterprises.create({ name: '瑞安测试阀门有限公司', namePinyin: 'ruian', creditCode: null, industryCode: 'C', regionCode: null, size: null }));
    const e2 = await enterprises.save(enterprises.create({ name: '乐清测试电器有限公司', namePinyin: 'yueqing', creditCode: null, industryCode: null, regionCode: null, size: null }));
    const links = t.dataSource.getRepository(MemberEnterpriseEntity);
    await links.insert([
      { memberId: members[0].id, enterpriseId: e1.id, roles: [EnterpriseRole.Chairman], sortOrder: 1 },
      { memberId: members[0].id, enterpriseId: e2.id, roles: [EnterpriseRole.LegalRepresentative, EnterpriseRole.Chairman], sortOrder: 0 },
      { memberId: members[1].id, enterpriseId: e1.id, roles: [EnterpriseRole.GeneralManager], sortOrder: 0 },
    ]);
  });
  afterAll(() => t.close());

  /** What the entity read gave for a member: every column, memberships and links by the loaders' orders. */
  async function expected(id: string) {
    const m = await t.dataSource.getRepository(MemberEntity).findOneByOrFail({ id });
    const memberships = await t.dataSource
      .getRepository(ChamberMembershipEntity)
      .createQueryBuilder('cm')
      .innerJoinAndSelect('cm.chamber', 'c')
      .where('cm.member_id = :id', { id })
      .orderBy('(cm.left_on IS NULL)', 'DESC')
      .addOrderBy('cm.joined_on', 'DESC', 'NULLS LAST')
      .addOrderBy('cm.id')
      .getMany();
    const links = await t.dataSource.getRepository(MemberEnterpriseEntity).find({ where: { memberId: id }, relations: { enterprise: true }, order: { sortOrder: 'ASC', id: 'ASC' } });
    return {
      id: m.id,
      name: m.name,
      namePinyin: m.namePinyin,
      nameInitials: m.nameInitials,
      gender: m.gender,
      birthYear: m.birthDate ? Number(m.birthDate.slice(0, 4)) : null,
      wechat: m.wechat,
      email: m.email,
      address: m.address,
      hometownCode: m.hometownCode,
      currentRegionCode: m.currentRegionCode,
      designations: m.designations,
      tags: m.tags,
      source: m.source,
      sourceNote: m.sourceNote,
      registeredById: m.registeredBy,
      registeredAt: iso(m.registeredAt),
      status: m.status,
      mergedIntoId: m.mergedIntoId,
      note: m.note,
      completeness: m.completeness,
      missingFields: m.missingFields,
      version: m.version,
      createdAt: iso(m.createdAt),
      updatedAt: iso(m.updatedAt),
      idNumber: m.idNumber,
      phones: m.phones,
      birthDate: m.birthDate,
      personalDataMasked: false,
      memberships: memberships.map((cm) => {
        const c = cm.chamber!;
        return {
          id: cm.id,
          memberId: cm.memberId,
          chamberId: cm.chamberId,
          joinedOn: cm.joinedOn,
          leftOn: cm.leftOn,
          current: cm.leftOn === null,
          chamber: {
            id: c.id, name: c.name, shortName: c.shortName, namePinyin: c.namePinyin, level: c.level, kind: c.kind, regionCode: c.regionCode,
            parentId: c.parentId, ancestorIds: c.ancestorIds, depth: c.depth, status: c.status, mergedIntoId: c.mergedIntoId, foundedOn: c.foundedOn,
            dissolvedOn: c.dissolvedOn, dualBranded: c.dualBranded, address: c.address, phone: c.phone, email: c.email, contactPerson: c.contactPerson,
            version: c.version, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt),
          },
        };
      }),
      enterprises: links.map((l) => {
        const e = l.enterprise!;
        return {
          memberId: l.memberId,
          enterpriseId: l.enterpriseId,
          roles: l.roles,
          enterprise: {
            id: e.id, name: e.name, namePinyin: e.namePinyin, creditCode: e.creditCode, industryCode: e.industryCode, regionCode: e.regionCode,
            size: e.size, version: e.version, createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt),
          },
        };
      }),
    };
  }

  it('member(id) answers every field as the entity read did, relations in their orders', async () => {
    for (const m of members.slice(0, 3)) {
      const data = expectData(await t.gql<{ member: unknown }>(ONE, { id: m.id }, admin));
      expect(data.member).toEqual(await expected(m.id));
    }
  });

  it('a page answers every field of every member as the entity read did, in one statement with its relations', async () => {
    const run = () => t.gql<{ members: { edges: { node: { id: string } }[] } }>(PAGE, { first: 50 }, admin);
    await run();
    const { result, statements } = await captureSql(t.dataSource, run);
    const nodes = expectData(result).members.edges.map((e) => e.node);
    expect(nodes.map((n) => n.id).sort()).toEqual(members.map((m) => m.id).sort());
    for (const node of nodes) expect(node).toEqual(await expected(node.id));
    // The page, its memberships, chambers and enterprises: one statement that reads member rows.
    expect(statements.filter((s) => /\bFROM "?member"? "?m"?\b/i.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /chamber_membership|member_enterprise/i.test(s))).toHaveLength(1);
  });

  it('selects only the columns a query asks for', async () => {
    const { statements } = await captureSql(t.dataSource, () => t.gql(`{ members(first: 5, sort: NAME) { edges { node { id name completeness } } } }`, {}, admin));
    const page = statements.find((s) => /FROM "member" "m"/i.test(s)) ?? '';
    expect(page).toMatch(/"completeness"/);
    expect(page).not.toMatch(/id_number|phones|birth_date|chamber_membership/);
  });

  it('reads fragments, aliases and @include as graphql-js does', async () => {
    const query = `query($id: ID!, $with: Boolean!) {
      member(id: $id) { ...Basic who: name memberships @include(if: $with) { chamber { title: name } } }
    }
    fragment Basic on Member { id ... on Member { hometownCode } }`;
    const withRelations = expectData(await t.gql<{ member: Record<string, unknown> }>(query, { id: members[1].id, with: true }, admin)).member;
    const full = await expected(members[1].id);
    expect(withRelations).toEqual({ id: full.id, hometownCode: full.hometownCode, who: full.name, memberships: full.memberships.map((cm) => ({ chamber: { title: cm.chamber.name } })) });
    const without = expectData(await t.gql<{ member: Record<string, unknown> }>(query, { id: members[1].id, with: false }, admin)).member;
    expect(without).toEqual({ id: full.id, hometownCode: full.hometownCode, who: full.name });
  });

  it('a secretary sees the chamber of a membership outside the chamber scope as null, as the resolver answered', async () => {
    const secretary = (await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamberA })).accessToken;
    const query = `query($id: ID!) { member(id: $id) { memberships { chamberId chamber { id name } } } }`;
    const data = expectData(await t.gql<{ member: { memberships: { chamberId: string; chamber: { id: string } | null }[] } }>(query, { id: members[1].id }, secretary));
    const byChamber = new Map(data.member.memberships.map((m) => [m.chamberId, m.chamber]));
    expect(byChamber.get(chamberA)?.id).toBe(chamberA);
    expect(byChamber.has(chamberB)).toBe(true);
    expect(byChamber.get(chamberB)).toBeNull();
    // The same in a page.
    const page = expectData(
      await t.gql<{ members: { edges: { node: { memberships: { chamberId: string; chamber: unknown }[] } }[] } }>(
        `{ members(first: 50, sort: NAME) { edges { node { memberships { chamberId chamber { id } } } } } }`,
        {},
        secretary,
      ),
    );
    const outside = page.members.edges.flatMap((e) => e.node.memberships).filter((m) => m.chamberId === chamberB);
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.every((m) => m.chamber === null)).toBe(true);
  });

  it('masks personal data in a lean read as before', async () => {
    const viewer = (await signedInUser(t, { role: Role.Viewer })).accessToken;
    const data = expectData(await t.gql<{ member: { idNumber: string; phones: string[]; birthDate: string | null; personalDataMasked: boolean } }>(
      `query($id: ID!) { member(id: $id) { idNumber phones birthDate personalDataMasked } }`,
      { id: members[0].id },
      viewer,
    ));
    expect(data.member.personalDataMasked).toBe(true);
    expect(data.member.idNumber).not.toBe(members[0].idNumber);
    expect(data.member.idNumber).toMatch(/\*/);
    expect(data.member.phones.every((p) => p.includes('*'))).toBe(true);
    expect(data.member.birthDate).toBeNull();
  });

  it('refuses a null where an argument is non-null even after the cost of the document was estimated and kept', async () => {
    const query = `query($first: Int, $sort: MemberSort) { members(first: $first, sort: $sort) { edges { node { id } } } }`;
    expectData(await t.gql(query, { first: 5, sort: 'NAME' }, admin));
    const res = await t.gql(query, { first: 5, sort: null }, admin);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
