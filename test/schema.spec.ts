import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Permission, PUBLIC_PERMISSION } from '@crm/auth';
import { createTestApp, TestApp } from '@crm/testing';

const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');
const HEADER = '# Generated from the code-first GraphQL types. Do not edit: run `npm run schema:update`.\n\n';

describe('GraphQL schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const schema = () => t.app.get(GraphQLSchemaHost).schema;

  it('declares a permission on every query and mutation (deny by default)', () => {
    const known = new Set<string>([...Object.values(Permission), PUBLIC_PERMISSION]);
    const undeclared: string[] = [];
    for (const root of [schema().getQueryType(), schema().getMutationType()]) {
      if (!root) continue;
      for (const field of Object.values((root as GraphQLObjectType).getFields())) {
        const permission = field.extensions?.permission;
        if (typeof permission !== 'string' || !known.has(permission)) undeclared.push(`${root.name}.${field.name}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(Object.keys(schema().getQueryType()?.getFields() ?? {})).toEqual(expect.arrayContaining(['me', 'users', 'auditEvents']));
    // Officials, visits, opinions and campaigns (issue 13) are in the walk.
    expect(Object.keys(schema().getQueryType()?.getFields() ?? {})).toEqual(
      expect.arrayContaining(['officials', 'visits', 'opinions', 'campaignProgress', 'campaignAssignments', 'visitReport', 'feedbackReport', 'contactHistory']),
    );
    expect(Object.keys(schema().getMutationType()?.getFields() ?? {})).toEqual(
      expect.arrayContaining(['createOfficial', 'createVisit', 'raiseOpinion', 'assignOpinion', 'answerOpinion', 'closeOpinion', 'rateOpinion', 'reopenOpinion', 'addCampaignAssignments']),
    );
  });

  it('declares party permissions on the party operations and on every party field that has a resolver', () => {
    const party = new Set<string>([Permission.PartyRead, Permission.PartyManage]);
    const rootFields = [schema().getQueryType(), schema().getMutationType()].flatMap((root) => Object.values((root as GraphQLObjectType).getFields()));
    const partyOps = rootFields.filter((f) => /party/i.test(f.name));
    expect(partyOps.length).toBeGreaterThanOrEqual(20);
    expect(partyOps.filter((f) => !party.has(f.extensions?.permission as string)).map((f) => f.name)).toEqual([]);
    // party:manage is for changes, and for the import jobs (only those who keep party members upload them).
    const manageQueries = partyOps.filter((f) => f.extensions?.permission === Permission.PartyManage && !schema().getMutationType()?.getFields()[f.name]).map((f) => f.name);
    expect(manageQueries.sort()).toEqual(['partyMemberImport', 'partyMemberImports']);
    expect((schema().getType('PartyMemberImport') as GraphQLObjectType).getFields().errors.extensions?.permission).toBe(Permission.PartyManage);
    // Field resolvers of the party types (relations, personal data) and the roll-up's party counts.
    const resolved: [string, string][] = [
      ['PartyWorkingCommittee', 'hostChamber'], ['PartyWorkingCommittee', 'members'],
      ['PartyOrganization', 'committee'], ['PartyOrganization', 'parent'], ['PartyOrganization', 'chambers'], ['PartyOrganization', 'managers'], ['PartyOrganization', 'leaders'],
      ['PartyMember', 'idNumber'], ['PartyMember', 'phones'], ['PartyMember', 'personalDataMasked'], ['PartyMember', 'organization'], ['PartyMember', 'relationOrganization'],
      ['PartyMember', 'member'], ['PartyMember', 'transfers'], ['PartyMember', 'evaluations'], ['PartyMeeting', 'attendance'], ['ChamberRollup', 'party'],
    ];
    for (const [type, field] of resolved) {
      const def = (schema().getType(type) as GraphQLObjectType).getFields()[field];
      expect([type, field, def?.extensions?.permission]).toEqual([type, field, Permission.PartyRead]);
    }
  });

  it('matches the committed schema.graphql', () => {
    const printed = HEADER + printSchema(lexicographicSortSchema(schema()));
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, printed);
    expect(existsSync(SCHEMA_FILE)).toBe(true);
    // When this fails, the API changed: review the difference and run `npm run schema:update`.
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printed);
  });

  it('runs on a UTF-8 database where trigrams keep Chinese characters', async () => {
    const [row] = await t.dataSource.query(`SELECT show_trgm('温州商会') <> '{}' AS keeps, current_setting('server_encoding') AS encoding`);
    expect(row).toEqual({ keeps: true, encoding: 'UTF8' });
  });

  it('search_bigrams() gives the lower-case character pairs of a text, none across a space', async () => {
    const [row] = await t.dataSource.query(`SELECT search_bigrams('上海市 WZ') AS pairs, search_bigrams('温') AS single`);
    expect([...row.pairs].sort()).toEqual(['wz', '上海', '海市'].sort());
    expect(row.single).toEqual([]);
  });
  it('walks the campaign list import too, every field of it behind CAMPAIGN_MANAGE', () => {
    const query = (schema().getQueryType() as GraphQLObjectType).getFields();
    const mutation = (schema().getMutationType() as GraphQLObjectType).getFields();
    const fields = [query.campaignImport, query.campaignImports, mutation.commitCampaignImport, mutation.cancelCampaignImport];
    expect(fields.map((f) => [f?.name, f?.extensions?.permission])).toEqual([
      ['campaignImport', Permission.CampaignManage],
      ['campaignImports', Permission.CampaignManage],
      ['commitCampaignImport', Permission.CampaignManage],
      ['cancelCampaignImport', Permission.CampaignManage],
    ]);
    const errors = (schema().getType('CampaignImport') as GraphQLObjectType).getFields().errors;
    expect(errors.extensions?.permission).toBe(Permission.CampaignManage);
  });
});
