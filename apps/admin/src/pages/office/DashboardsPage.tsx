import { Alert, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { graphql, VariablesOf } from '../../api/graphql';
import { QueryState, useQuery } from '../../api/use-query';
import { zh } from '../../i18n/zh';
import { FEEDBACK_STATUS, VISIT_KIND } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { money, percentOf, sumYuan, wholeWan } from '../../i18n/money';
import { dec, decOrNull, Forbidden } from './office-common';
import { sharePercent } from '../../i18n/percent';
import { OfficeBarChart, OfficePieChart } from './OfficeChart';

const ChamberCoverageQuery = graphql(`
  query AdminOfficeChamberCoverage {
    chamberCoverage {
      covered localities share goal goalMet
      network { provinces provincialChambers belowProvincial nationalChamber }
      provinces { provinceCode name localities covered share goalMet municipality provincialChamber uncovered { code name } }
    }
  }
`);
const PartyCoverageQuery = graphql(`
  query AdminOfficePartyCoverage {
    partyCoverage {
      chambers covered share goal goalMet units partyMembers mobileMembers committees committeeTarget
      provinces { provinceCode name chambers covered share goalMet units partyMembers }
    }
  }
`);
const InvestmentQuery = graphql(`
  query AdminOfficeInvestment($year: Int!, $from: String!, $to: String!) {
    investmentTargets(year: $year) { id unitKind countyCode chamberId fundsTarget }
    homeCounties { code name }
    investmentReport(from: $from, to: $to) {
      total { fundsInPlace target targetShare newProjects }
      byCounty { key label fundsInPlace target targetShare newProjects }
    }
  }
`);
const InvestmentMonthsQuery = graphql(`
  query AdminOfficeInvestmentMonths($f1: String!, $t1: String!, $f2: String!, $t2: String!, $f3: String!, $t3: String!, $f4: String!, $t4: String!, $f5: String!, $t5: String!, $f6: String!, $t6: String!, $f7: String!, $t7: String!, $f8: String!, $t8: String!, $f9: String!, $t9: String!, $f10: String!, $t10: String!, $f11: String!, $t11: String!, $f12: String!, $t12: String!) {
    m01: investmentReport(from: $f1, to: $t1) { total { fundsInPlace } }
    m02: investmentReport(from: $f2, to: $t2) { total { fundsInPlace } }
    m03: investmentReport(from: $f3, to: $t3) { total { fundsInPlace } }
    m04: investmentReport(from: $f4, to: $t4) { total { fundsInPlace } }
    m05: investmentReport(from: $f5, to: $t5) { total { fundsInPlace } }
    m06: investmentReport(from: $f6, to: $t6) { total { fundsInPlace } }
    m07: investmentReport(from: $f7, to: $t7) { total { fundsInPlace } }
    m08: investmentReport(from: $f8, to: $t8) { total { fundsInPlace } }
    m09: investmentReport(from: $f9, to: $t9) { total { fundsInPlace } }
    m10: investmentReport(from: $f10, to: $t10) { total { fundsInPlace } }
    m11: investmentReport(from: $f11, to: $t11) { total { fundsInPlace } }
    m12: investmentReport(from: $f12, to: $t12) { total { fundsInPlace } }
  }
`);
const VisitReportQuery = graphql(`
  query AdminOfficeVisitReport($from: String, $to: String) {
    visitReport(from: $from, to: $to) { total byMonth { month count } byKind { kind count } }
  }
`);
const FeedbackReportQuery = graphql(`
  query AdminOfficeFeedbackReport($from: String, $to: String) {
    feedbackReport(from: $from, to: $to) { total overdue medianDaysToAnswer byStatus { status count } }
  }
`);

const DASHBOARD_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'PARTY_OFFICER'];
/** Roles the API serves each panel to (its permission); a refusal hides the panel too. */
const PANEL_ROLES = {
  chamber: ['ADMIN', 'COUNTY_OFFICER', 'PARTY_OFFICER'],
  party: ['ADMIN', 'COUNTY_OFFICER', 'PARTY_OFFICER'],
  investment: ['ADMIN', 'COUNTY_OFFICER'],
  visits: ['ADMIN', 'COUNTY_OFFICER'],
};

/** A panel: nothing when the API refuses it for this role, the error in Chinese otherwise. */
function Panel<R>({ title, state, testId, children, extra }: { title: string; state: QueryState<R>; testId: string; children: (data: R) => ReactNode; extra?: ReactNode }) {
  if (state.error?.code === 'FORBIDDEN') return null;
  return (
    <Card title={title} extra={extra} data-testid={testId} loading={state.loading && !state.data}>
      {state.error ? <Alert type="error" showIcon message={state.error.messageZh} /> : state.data ? children(state.data) : null}
    </Card>
  );
}

function ChamberCoveragePanel() {
  const state = useQuery(ChamberCoverageQuery, {});
  return (
    <Panel title="商会覆盖率（地级行政区，目标 80%）" state={state} testId="panel-chamber-coverage">
      {({ chamberCoverage: c }) => {
        const below = c.provinces.filter((p) => !p.goalMet);
        return (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title="已覆盖 / 地级行政区" value={`${c.covered} / ${c.localities}`} />
              <Statistic title="覆盖率" value={sharePercent(c.share)} valueStyle={{ color: c.goalMet ? '#389e0d' : '#cf1322' }} />
              <Statistic title="目标" value={sharePercent(c.goal)} />
              <Statistic title="省级商会" value={`${c.network.provincialChambers} / ${c.network.provinces}`} />
              <Statistic title="省级以下地域商会" value={c.network.belowProvincial} />
            </Space>
            <OfficeBarChart
              testId="chart-chamber-coverage"
              labels={c.provinces.map((p) => p.name)}
              series={[{ name: '覆盖率', values: c.provinces.map((p) => Math.round(p.share * 1000) / 10) }]}
              goal={{ value: Math.round(c.goal * 1000) / 10, label: `目标 ${sharePercent(c.goal)}` }}
              unit="%"
              max={100}
            />
            <Typography.Text strong>未达目标的省份（{below.length} 个）</Typography.Text>
            <div data-testid="coverage-below-goal">
              {below.length === 0 ? (
                <Typography.Text type="success">全部达标</Typography.Text>
              ) : (
                <Space size={[4, 8]} wrap>
                  {below.map((p) => (
                    <Tag key={p.provinceCode} color="red">
                      {p.name} {sharePercent(p.share)}
                    </Tag>
                  ))}
                </Space>
              )}
            </div>
            <Table
              size="small"
              rowKey="provinceCode"
              data-testid="table-chamber-coverage"
              pagination={false}
              scroll={{ y: 400 }}
              dataSource={c.provinces}
              columns={[
                { title: '省份', render: (_, p) => p.name },
                { title: '地级行政区', render: (_, p) => (p.municipality ? '1（直辖市）' : p.localities) },
                { title: '已覆盖', render: (_, p) => p.covered },
                { title: '覆盖率', render: (_, p) => sharePercent(p.share) },
                { title: '达标', render: (_, p) => (p.goalMet ? <Tag color="green">已达标</Tag> : <Tag color="red">未达标</Tag>) },
                { title: '省级商会', render: (_, p) => (p.provincialChamber ? '有' : '无') },
                {
                  title: '尚无商会的地区',
                  render: (_, p) =>
                    p.uncovered.length === 0 ? '—' : p.uncovered.length <= 4 ? p.uncovered.map((u) => u.name).join('、') : (
                      <span title={p.uncovered.map((u) => u.name).join('、')}>
                        {p.uncovered.slice(0, 3).map((u) => u.name).join('、')} 等 {p.uncovered.length} 个
                      </span>
                    ),
                },
              ]}
            />
          </Space>
        );
      }}
    </Panel>
  );
}

function PartyCoveragePanel() {
  const state = useQuery(PartyCoverageQuery, {});
  return (
    <Panel title="党组织覆盖率（商会，目标 80%）" state={state} testId="panel-party-coverage">
      {({ partyCoverage: c }) =>
        !c ? (
          <Empty description="暂无数据" />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title="已建党组织的商会 / 商会" value={`${c.covered} / ${c.chambers}`} />
              <Statistic title="覆盖率" value={sharePercent(c.share)} valueStyle={{ color: c.goalMet ? '#389e0d' : '#cf1322' }} />
              <Statistic title="党组织" value={c.units} />
              <Statistic title="党员" value={c.partyMembers} />
              <Statistic title="流动党员" value={c.mobileMembers} />
              <Statistic title="党工委 / 目标" value={`${c.committees} / ${c.committeeTarget}`} />
            </Space>
            {c.provinces.length ? (
              <OfficeBarChart
                testId="chart-party-coverage"
                labels={c.provinces.map((p) => p.name ?? p.provinceCode)}
                series={[{ name: '覆盖率', values: c.provinces.map((p) => Math.round(p.share * 1000) / 10) }]}
                goal={{ value: Math.round(c.goal * 1000) / 10, label: `目标 ${sharePercent(c.goal)}` }}
                unit="%"
                max={100}
              />
            ) : (
              <Empty description="暂无商会" />
            )}
            <Table
              size="small"
              rowKey="provinceCode"
              data-testid="table-party-coverage"
              pagination={false}
              scroll={{ y: 400 }}
              dataSource={c.provinces}
              columns={[
                { title: '省份', render: (_, p) => p.name ?? '—' },
                { title: '商会', render: (_, p) => p.chambers },
                { title: '已建党组织', render: (_, p) => p.covered },
                { title: '覆盖率', render: (_, p) => sharePercent(p.share) },
                { title: '党组织', render: (_, p) => p.units },
                { title: '党员', render: (_, p) => p.partyMembers },
                { title: '达标', render: (_, p) => (p.goalMet ? <Tag color="green">已达标</Tag> : <Tag color="red">未达标</Tag>) },
              ]}
            />
          </Space>
        )
      }
    </Panel>
  );
}

function monthVariables(year: number) {
  const v: Record<string, string> = {};
  for (let m = 1; m <= 12; m++) {
    const start = dayjs(`${year}-${String(m).padStart(2, '0')}-01`);
    v[`f${m}`] = start.format('YYYY-MM-DD');
    v[`t${m}`] = start.endOf('month').format('YYYY-MM-DD');
  }
  return v as VariablesOf<typeof InvestmentMonthsQuery>;
}

function InvestmentPanel({ year }: { year: number }) {
  const state = useQuery(InvestmentQuery, { year, from: `${year}-01-01`, to: `${year}-12-31` });
  const months = useQuery(InvestmentMonthsQuery, monthVariables(year), { skip: !!state.error });
  return (
    <Panel title={`到位资金与年度目标（${year} 年）`} state={state} testId="panel-investment">
      {({ investmentReport: r, investmentTargets, homeCounties }) => {
        if (!r) return <Empty description="暂无数据" />;
        const cityTarget = decOrNull(investmentTargets?.find((t) => t.unitKind === 'CITY')?.fundsTarget ?? r.total.target);
        const totalFunds = dec(r.total.fundsInPlace);
        const monthly = months.data ? Object.keys(months.data).sort().map((k) => dec((months.data as Record<string, { total: { fundsInPlace: unknown } } | null>)[k]?.total.fundsInPlace)) : [];
        let running = '0';
        const monthRows = monthly.map((funds, i) => {
          running = sumYuan([running, funds]);
          return { month: `${i + 1}月`, funds, cumulative: running };
        });
        const countyName = new Map(homeCounties.map((c) => [c.code, c.name]));
        const countyTargets = new Map((investmentTargets ?? []).filter((t) => t.unitKind === 'COUNTY' && t.countyCode).map((t) => [t.countyCode as string, dec(t.fundsTarget)]));
        const countyKeys = [...new Set([...r.byCounty.map((c) => c.key ?? ''), ...countyTargets.keys()])];
        const countyRows = countyKeys.map((key) => {
          const row = r.byCounty.find((c) => (c.key ?? '') === key);
          const target = countyTargets.get(key) ?? decOrNull(row?.target);
          return { key, label: row?.label ?? countyName.get(key) ?? '未填写县市区', funds: dec(row?.fundsInPlace), target, newProjects: row?.newProjects ?? 0 };
        });
        return (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space size="large" wrap>
              <Statistic title="全年到位资金" value={money(totalFunds)} />
              <Statistic title="年度目标" value={money(cityTarget)} />
              <Statistic title="完成目标" value={cityTarget ? percentOf(totalFunds, cityTarget) : '—'} />
              <Statistic title="新签约项目" value={r.total.newProjects} />
            </Space>
            <Row gutter={16}>
              <Col xs={24} xl={12}>
                <Typography.Text strong>按月到位资金（万元）与累计完成率</Typography.Text>
                {months.error ? (
                  <Alert type="error" showIcon message={months.error.messageZh} />
                ) : (
                  <OfficeBarChart
                    testId="chart-investment-months"
                    labels={monthRows.map((m) => m.month)}
                    series={[{ name: '当月到位资金', values: monthRows.map((m) => wholeWan(m.funds)) }]}
                    unit="万元"
                    line={cityTarget ? { name: '累计完成年度目标', unit: '%', values: monthRows.map((m) => Number(percentOf(m.cumulative, cityTarget).replace('%', ''))) } : undefined}
                  />
                )}
                <Table
                  size="small"
                  rowKey="month"
                  data-testid="table-investment-months"
                  pagination={false}
                  dataSource={monthRows}
                  loading={months.loading}
                  columns={[
                    { title: '月份', render: (_, m) => m.month },
                    { title: '当月到位', render: (_, m) => money(m.funds) },
                    { title: '累计到位', render: (_, m) => money(m.cumulative) },
                    { title: '累计完成目标', render: (_, m) => percentOf(m.cumulative, cityTarget) },
                  ]}
                />
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong>按县市区：到位资金与年度目标（万元）</Typography.Text>
                <OfficeBarChart
                  testId="chart-investment-counties"
                  labels={countyRows.map((c) => c.label)}
                  series={[
                    { name: '到位资金', values: countyRows.map((c) => wholeWan(c.funds)) },
                    { name: '年度目标', values: countyRows.map((c) => (c.target ? wholeWan(c.target) : 0)) },
                  ]}
                  unit="万元"
                />
                <Table
                  size="small"
                  rowKey="key"
                  data-testid="table-investment-counties"
                  pagination={false}
                  dataSource={countyRows}
                  columns={[
                    { title: '县市区', render: (_, c) => c.label },
                    { title: '到位资金', render: (_, c) => money(c.funds) },
                    { title: '年度目标', render: (_, c) => money(c.target) },
                    { title: '完成目标', render: (_, c) => percentOf(c.funds, c.target) },
                    { title: '新签约项目', render: (_, c) => c.newProjects },
                  ]}
                />
              </Col>
            </Row>
          </Space>
        );
      }}
    </Panel>
  );
}

function VisitsPanel({ year }: { year: number }) {
  const today = dayjs().format('YYYY-MM-DD');
  const end = `${year}-12-31` < today ? `${year}-12-31` : today;
  const period = { from: `${year}-01-01`, to: end };
  const visits = useQuery(VisitReportQuery, period);
  const feedback = useQuery(FeedbackReportQuery, period);
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Panel title={`走访（${year} 年）`} state={visits} testId="panel-visits">
          {({ visitReport: v }) =>
            !v ? (
              <Empty description="暂无数据" />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Statistic title="走访次数" value={v.total} />
                <OfficeBarChart testId="chart-visits-months" labels={v.byMonth.map((m) => `${Number(m.month.slice(5))}月`)} series={[{ name: '走访', values: v.byMonth.map((m) => m.count) }]} unit="次" />
                <Table
                  size="small"
                  rowKey="kind"
                  data-testid="table-visits-kinds"
                  pagination={false}
                  dataSource={v.byKind}
                  columns={[
                    { title: '走访形式', render: (_, k) => zh(VISIT_KIND, k.kind) },
                    { title: '次数', render: (_, k) => k.count },
                  ]}
                />
              </Space>
            )
          }
        </Panel>
      </Col>
      <Col xs={24} xl={12}>
        <Panel title={`意见建议（${year} 年）`} state={feedback} testId="panel-feedback">
          {({ feedbackReport: f }) =>
            !f ? (
              <Empty description="暂无数据" />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space size="large">
                  <Statistic title="意见建议" value={f.total} />
                  <Statistic title="逾期未办结" value={f.overdue} valueStyle={{ color: f.overdue ? '#cf1322' : undefined }} />
                  <Statistic title="首次答复（中位天数）" value={f.medianDaysToAnswer ?? '—'} />
                </Space>
                <OfficePieChart testId="chart-feedback-status" unit="条" data={f.byStatus.map((s) => ({ name: zh(FEEDBACK_STATUS, s.status), value: s.count }))} />
                <Table
                  size="small"
                  rowKey="status"
                  data-testid="table-feedback-status"
                  pagination={false}
                  dataSource={f.byStatus}
                  columns={[
                    { title: '状态', render: (_, s) => zh(FEEDBACK_STATUS, s.status) },
                    { title: '条数', render: (_, s) => s.count },
                  ]}
                />
              </Space>
            )
          }
        </Panel>
      </Col>
    </Row>
  );
}

/**
 * 数据看板 for the office: chamber coverage against 80% by province, party coverage, funds in
 * place against the annual target by month and county, visits and opinions. Each panel asks the
 * API for its own figures; a panel the API does not serve to the caller's role is left out.
 */
export default function DashboardsPage() {
  const me = useMe();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const years = useMemo(() => Array.from({ length: 6 }, (_, i) => thisYear - i), [thisYear]);
  if (!DASHBOARD_ROLES.includes(me.role)) return <Forbidden what="数据看板" />;
  const can = (panel: keyof typeof PANEL_ROLES) => PANEL_ROLES[panel].includes(me.role);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboards">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          数据看板
        </Typography.Title>
        <Select value={year} style={{ width: 120 }} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y} 年` }))} data-testid="dashboard-year" />
      </Space>
      {can('chamber') && <ChamberCoveragePanel />}
      {can('party') && <PartyCoveragePanel />}
      {can('investment') && <InvestmentPanel year={year} />}
      {can('visits') && <VisitsPanel year={year} />}
    </Space>
  );
}

