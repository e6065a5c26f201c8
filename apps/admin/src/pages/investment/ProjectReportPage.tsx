import { Alert, App, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, authorizedFetch, saveDownload } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh } from '../../i18n/zh';
import { FUNDING_SOURCE, INVESTMENT_STAGE, TARGET_UNIT_KIND } from '../../i18n/zh-investment';
import { useMe } from '../../session';
import { useLookups } from './lookups';
import { money, yi } from '../../i18n/money';

const ReportQuery = graphql(`
  query AdminInvestmentReport($from: String!, $to: String!, $source: FundingSource, $year: Int!) {
    investmentReport(from: $from, to: $to, source: $source) {
      from to
      total { ...ReportRow }
      byCounty { ...ReportRow }
      byChamber { ...ReportRow }
      byIndustry { ...ReportRow }
      byStage { ...ReportRow }
      byKeyLevel { ...ReportRow }
    }
    investmentTargets(year: $year) { id unitKind countyCode chamberId fundsTarget newProjectsTarget }
    investmentStallThresholds { stage days }
  }
  fragment ReportRow on InvestmentReportRow {
    key label fundsInPlace fundsInPlaceYi previousFunds previousFundsYi growthPercent target targetYi targetShare
    newProjects newProjectsInvestment newProjectsInvestmentYi newProjectsFunds newProjectsFundsYi stallRisk
  }
`);
type Report = NonNullable<ResultOf<typeof ReportQuery>['investmentReport']>;
type ReportRow = Report['total'];

type Mode = 'month' | 'quarter' | 'year';
const MODE_LABEL: Record<Mode, string> = { month: '月度', quarter: '季度', year: '年度' };
type Group = 'byCounty' | 'byChamber' | 'byIndustry' | 'byStage' | 'byKeyLevel';
const GROUP_LABEL: Record<Group, string> = { byCounty: '按县（市、区）', byChamber: '按引荐商会', byIndustry: '按行业', byStage: '按阶段', byKeyLevel: '按重点项目' };

/** The period a picked month, quarter or year covers: its first and last day (the last not after today). */
function period(mode: Mode, at: Dayjs): { from: string; to: string } {
  const start = mode === 'quarter' ? at.startOf('month').month(Math.floor(at.month() / 3) * 3) : at.startOf(mode);
  let end = mode === 'quarter' ? start.add(2, 'month').endOf('month') : at.endOf(mode);
  if (end.isAfter(dayjs(), 'day')) end = dayjs();
  return { from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') };
}

const percent = (v: string | null | undefined) => (v == null ? '—' : `${v}%`);
const growth = (v: string | null | undefined) => (v == null ? '—' : <span style={{ color: v.startsWith('-') ? '#cf1322' : '#389e0d' }}>{v.startsWith('-') ? '' : '+'}{v}%</span>);

/**
 * 项目报表: investmentReport for a month, quarter or year (the API keeps to the caller's scope), in
 * total and grouped by county, chamber, industry, stage and key level, with the share of the
 * annual target and growth on the same period a year earlier; the monthly .xlsx download; the
 * year's targets and the stall thresholds for reference.
 */
export default function ProjectReportPage() {
  const me = useMe();
  const { message } = App.useApp();
  const lookups = useLookups();
  const [mode, setMode] = useState<Mode>('month');
  const [at, setAt] = useState<Dayjs>(dayjs().startOf('month'));
  const [source, setSource] = useState<string>();
  const [group, setGroup] = useState<Group>('byCounty');
  const [downloading, setDownloading] = useState(false);
  const { from, to } = period(mode, at);
  const { data, error, loading } = useQuery(ReportQuery, { from, to, source: (source as 'FOREIGN' | undefined) ?? null, year: at.year() });
  const report = data?.investmentReport;

  const download = async () => {
    setDownloading(true);
    try {
      const month = mode === 'month' ? at.format('YYYY-MM') : dayjs(to).format('YYYY-MM');
      const query = new URLSearchParams({ month, ...(source ? { source } : {}) });
      await saveDownload(await authorizedFetch(`/investment/reports/monthly?${query}`), `回归项目月报-${month}.xlsx`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '下载失败');
    } finally {
      setDownloading(false);
    }
  };

  const label = (r: ReportRow) => (group === 'byStage' && r.key ? zh(INVESTMENT_STAGE, r.key) : r.label);
  const targetUnit = (t: NonNullable<ResultOf<typeof ReportQuery>['investmentTargets']>[number]) =>
    t.unitKind === 'COUNTY'
      ? lookups.countyName(t.countyCode)
      : t.unitKind === 'CHAMBER'
        ? report?.byChamber.find((r) => r.key === t.chamberId)?.label ?? '商会'
        : zh(TARGET_UNIT_KIND, t.unitKind);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="report-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          项目报表
        </Typography.Title>
        <Button onClick={() => void download()} loading={downloading} data-testid="report-download">
          下载月报（Excel，{mode === 'month' ? at.format('YYYY年M月') : dayjs(to).format('YYYY年M月')}）
        </Button>
      </Space>
      <Space wrap>
        <Segmented<Mode> value={mode} onChange={(m) => setMode(m)} options={(Object.keys(MODE_LABEL) as Mode[]).map((value) => ({ value, label: MODE_LABEL[value] }))} data-testid="report-mode" />
        <DatePicker picker={mode} value={at} onChange={(d) => d && setAt(d)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), mode === 'quarter' ? 'month' : mode)} data-testid="report-period" />
        <Select allowClear placeholder="全部资金来源" style={{ width: 160 }} value={source} onChange={setSource} options={Object.entries(FUNDING_SOURCE).map(([value, label]) => ({ value, label }))} />
        <Typography.Text type="secondary">
          统计期间：{from} 至 {to}
        </Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} data-testid="report-error" />}
      {report && (
        <Card data-testid="report-total">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title="到位资金" value={yi(report.total.fundsInPlace)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="同比增长" value={report.total.growthPercent == null ? '—' : `${report.total.growthPercent.startsWith('-') ? '' : '+'}${report.total.growthPercent}%`} />
              <Typography.Text type="secondary">上年同期 {yi(report.total.previousFunds)}</Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="占年度目标" value={percent(report.total.targetShare)} />
              <Typography.Text type="secondary">年度目标 {report.total.target ? yi(report.total.target) : '未设定'}</Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="新签约项目" value={`${report.total.newProjects} 个`} />
              <Typography.Text type="secondary">
                总投资 {yi(report.total.newProjectsInvestment)} · 停滞预警 {report.total.stallRisk} 个
              </Typography.Text>
            </Col>
          </Row>
        </Card>
      )}
      <Segmented<Group> value={group} onChange={(g) => setGroup(g)} options={(Object.keys(GROUP_LABEL) as Group[]).map((value) => ({ value, label: GROUP_LABEL[value] }))} data-testid="report-group" />
      <Table<ReportRow>
        rowKey={(r) => r.key ?? '—'}
        size="small"
        loading={loading}
        pagination={false}
        dataSource={report?.[group] ?? []}
        data-testid="report-table"
        scroll={{ x: 1100 }}
        columns={[
          { title: '分组', render: (_, r) => (r.key == null && group !== 'byStage' ? <Tag>{r.label}</Tag> : label(r)) },
          { title: '到位资金', align: 'right', render: (_, r) => money(r.fundsInPlace) },
          { title: '上年同期', align: 'right', render: (_, r) => money(r.previousFunds) },
          { title: '同比', align: 'right', render: (_, r) => growth(r.growthPercent) },
          { title: '年度目标', align: 'right', render: (_, r) => (r.target ? money(r.target) : '—') },
          { title: '完成率', align: 'right', render: (_, r) => percent(r.targetShare) },
          { title: '新签约项目', align: 'right', render: (_, r) => r.newProjects },
          { title: '新签约总投资', align: 'right', render: (_, r) => money(r.newProjectsInvestment) },
          { title: '新签约到位资金', align: 'right', render: (_, r) => money(r.newProjectsFunds) },
          { title: '停滞预警', align: 'right', render: (_, r) => r.stallRisk },
        ]}
      />
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Card title={`${at.year()}年目标任务`} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data?.investmentTargets ?? []}
              locale={{ emptyText: me.role === 'ADMIN' ? '本年度尚未设定目标' : '无' }}
              columns={[
                { title: '单位', render: (_, t) => targetUnit(t) },
                { title: '到位资金目标', align: 'right', render: (_, t) => money(t.fundsTarget) },
                { title: '新签约项目目标', align: 'right', render: (_, t) => `${t.newProjectsTarget} 个` },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card title="停滞预警标准（无进展天数）" size="small">
            <Table
              rowKey="stage"
              size="small"
              pagination={false}
              dataSource={data?.investmentStallThresholds ?? []}
              columns={[
                { title: '阶段', render: (_, s) => zh(INVESTMENT_STAGE, s.stage) },
                { title: '天数', align: 'right', render: (_, s) => `${s.days} 天` },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
