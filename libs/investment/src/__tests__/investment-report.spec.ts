import { Role } from '@crm/auth';
import { ChamberLevel } from '@crm/chamber';
import { createChamber, createTestApp, expectData, expectError, signedInUser, TestApp } from '@crm/testing';

// The figures the office publishes (2014 work report, section 二), from dated funding records
// whose sums are the seed's: the reports must print them exactly.

const YI = 100_000_000n * 100n; // 亿元 in cents

/** `total` cents split over `n` records, exactly (the remainder on the first), as decimal strings. */
function split(total: bigint, n: number): string[] {
  const each = total / BigInt(n);
  const first = total - each * BigInt(n - 1);
  return Array.from({ length: n }, (_, i) => (i === 0 ? first : each)).map((c) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`);
}
const yi = (text: string): bigint => BigInt(text.replace('.', '')) * (YI / 100n);

const REPORT = `query($from: String!, $to: String!, $source: FundingSource) { investmentReport(from: $from, to: $to, source: $source) {
  total { fundsInPlace fundsInPlaceYi fundsInPlaceWan previousFundsYi growthPercent targetYi targetShare newProjects newProjectsInvestmentYi newProjectsFundsYi }
  byCounty { key label fundsInPlace targetShare } byChamber { key fundsInPlace } byIndustry { key fundsInPlace } byStage { key label fundsInPlace } byKeyLevel { key label newProjects } } }`;

describe('investment reports print the seed figures exactly', () => {
  let t: TestApp;
  let admin: string;
  let ruian: string;
  let chamber: string;

  async function projects(n: number, o: { signedOn: string; county: string; industry: string; key: string | null; totals: string[] }): Promise<string[]> {
    const rows = (await t.dataSource.query(
      `INSERT INTO investment_project (name, destination_county_code, chamber_id, industry_code, key_level, total_investment, stage, line_stage, lead_on, signed_on)
       SELECT '项目' || i, $2, $3, $4, $5::investment_key_level, t, 'SIGNED', 'SIGNED', $6::date - 30, $6::date
       FROM unnest($7::numeric[]) WITH ORDINALITY AS x(t, i) WHERE i <= $1 RETURNING id`,
      [n, o.county, chamber, o.industry, o.key, o.signedOn, o.totals],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async function fund(projectIds: string[], on: string, total: bigint, source = 'OUT_OF_PROVINCE'): Promise<void> {
    await t.dataSource.query(
      `INSERT INTO funding_record (project_id, received_on, amount, source) SELECT p, $2::date, a, $4::funding_source FROM unnest($1::uuid[], $3::numeric[]) AS x(p, a)`,
      [projectIds, on, split(total, projectIds.length), source],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    ruian = (await signedInUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).accessToken;
    chamber = (await createChamber(t, { level: ChamberLevel.Provincial })).id;
    // Ten projects signed in 2011: 211.39 亿 out-of-province funds in 2012; in 2013, 50.00 亿
    // in January–April and 139.74 亿 later, plus 5 亿 in-province that the published figure leaves out.
    const old = await projects(10, { signedOn: '2011-06-01', county: '330302', industry: 'C', key: null, totals: split(300n * YI, 10) });
    await fund(old, '2012-07-01', yi('211.39'));
    await fund(old, '2013-03-01', yi('50.00'));
    await fund(old, '2013-09-01', yi('139.74'));
    await fund(old, '2013-10-01', yi('5.00'), 'IN_PROVINCE');
    // 392 projects signed in 2013 with 624.47 亿 total investment: 100 signed in January (42.51 亿
    // in place by April), 292 in June; 220.35 亿 in place on them in 2013.
    const totals = split(yi('624.47'), 392);
    const early = await projects(100, { signedOn: '2013-01-15', county: '330381', industry: 'I', key: 'CITY', totals: totals.slice(0, 100) });
    const late = await projects(292, { signedOn: '2013-06-01', county: '330381', industry: 'C', key: 'COUNTY', totals: totals.slice(100) });
    await fund(early, '2013-02-20', yi('42.51'));
    await fund([...early, ...late], '2013-11-15', yi('177.84'));
    // January–April 2014: 106.29 亿, against a 500 亿 city target.
    await fund([...old, ...early], '2014-03-10', yi('106.29'));
    await t.dataSource.query(`INSERT INTO investment_target (year, unit_kind, funds_target, new_projects_target) VALUES (2014, 'CITY', 50000000000, 400)`);
    await t.dataSource.query(`INSERT INTO investment_target (year, unit_kind, county_code, funds_target) VALUES (2014, 'COUNTY', '330381', 20000000000)`);
  });
  afterAll(() => t.close());

  it('2013: out-of-province funds in place 410.09 亿 (+94.0%); 392 new projects, 624.47 亿 total, 220.35 亿 in place', async () => {
    const r = expectData(await t.gql(REPORT, { from: '2013-01-01', to: '2013-12-31', source: 'OUT_OF_PROVINCE' }, admin)).investmentReport;
    expect(r.total).toMatchObject({
      fundsInPlace: '41009000000.00',
      fundsInPlaceYi: '410.09',
      fundsInPlaceWan: '4100900.00',
      previousFundsYi: '211.39',
      growthPercent: '94.0',
      newProjects: 392,
      newProjectsInvestmentYi: '624.47',
      newProjectsFundsYi: '220.35',
    });
    // Every grouping adds up to the total, to the cent.
    for (const group of ['byCounty', 'byChamber', 'byIndustry', 'byStage'] as const) {
      const sum = (r[group] as { fundsInPlace: string }[]).reduce((s, g) => s + BigInt(g.fundsInPlace.replace('.', '')), 0n);
      expect(sum).toBe(4100900000000n);
    }
    expect(r.byKeyLevel).toEqual(
      expect.arrayContaining([{ key: 'CITY', label: '市重点', newProjects: 100 }, { key: 'COUNTY', label: '县重点', newProjects: 292 }, { key: 'NONE', label: '非重点', newProjects: 0 }]),
    );
    // All sources: the in-province 5 亿 come in.
    const all = expectData(await t.gql(REPORT, { from: '2013-01-01', to: '2013-12-31' }, admin)).investmentReport;
    expect(all.total.fundsInPlaceYi).toBe('415.09');
  });

  it('January–April 2014: 106.29 亿 = 21.26% of the 500 亿 target, +14.9% on the same period', async () => {
    const r = expectData(await t.gql(REPORT, { from: '2014-01-01', to: '2014-04-30', source: 'OUT_OF_PROVINCE' }, admin)).investmentReport;
    expect(r.total).toMatchObject({ fundsInPlaceYi: '106.29', previousFundsYi: '92.51', growthPercent: '14.9', targetYi: '500.00', targetShare: '21.26', newProjects: 0 });
    const ruianRow = r.byCounty.find((c: { key: string }) => c.key === '330381');
    expect(ruianRow.targetShare).toMatch(/^\d+\.\d{2}$/);
    // A county office sees its county, against its own county target.
    const mine = expectData(await t.gql(REPORT, { from: '2014-01-01', to: '2014-04-30', source: 'OUT_OF_PROVINCE' }, ruian)).investmentReport;
    expect(mine.byCounty.map((c: { key: string }) => c.key)).toEqual(['330381']);
    expect(mine.total.targetYi).toBe('200.00');
    expect(mine.total.fundsInPlace).toBe(ruianRow.fundsInPlace);
  });

  it('refuses a period that ends before it starts or crosses a year', async () => {
    expectError(await t.gql(REPORT, { from: '2014-04-30', to: '2014-01-01' }, admin), 'BAD_USER_INPUT', 'to');
    expectError(await t.gql(REPORT, { from: '2013-06-01', to: '2014-05-31' }, admin), 'BAD_USER_INPUT', 'to');
  });

  it('exports the monthly report as .xlsx with zh-CN headers', async () => {
    const res = await t.http().get('/investment/reports/monthly?month=2014-04&source=OUT_OF_PROVINCE').set('Authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).getCell(4).text).toBe('累计到位资金（万元）');
    const total = sheet.getRow(2);
    expect([total.getCell(1).text, total.getCell(4).text, total.getCell(6).text, total.getCell(8).text]).toEqual(['合计', '1062900.00', '14.9', '21.26']);
    expect((await t.http().get('/investment/reports/monthly?month=2014-13').set('Authorization', `Bearer ${admin}`)).status).toBe(400);
  });
});
