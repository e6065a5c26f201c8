import { Alert, Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { request } from '../api/client';
import { graphql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { BarChartView, PieChartView } from '../components/Chart';
import { zhDate } from '../i18n/zh';
import { useMe } from '../session';

const Rollup = graphql(`
  query AdminRollup($id: ID!) {
    chamber(id: $id) { id name }
    chamberRollup(id: $id) {
      chambers { total }
      members { total active leadGoose newGeneration politicalRoles }
      party { units chambersWithUnit partyMembers }
      visits { total lastVisitedOn }
      honors { active }
    }
  }
`);
const HomeCounties = graphql(`
  query AdminHomeCountiesForChart {
    homeCounties { code name }
  }
`);
const CountMembers = graphql(`
  query AdminCountMembers($filter: MemberFilter) {
    members(first: 1, filter: $filter) { totalCount }
  }
`);

const BUCKETS = [20, 40, 60, 80, 100] as const;

interface Charts {
  byCounty: { name: string; value: number }[];
  completeness: { name: string; value: number }[];
  incomplete: number;
}

/** Counts for the charts: one small count query per county and per completeness band, in parallel. */
async function loadCharts(chamberSubtree: string | null): Promise<Charts> {
  const scope = chamberSubtree ? { chamberSubtree } : {};
  const count = async (filter: Record<string, unknown>) => (await request(CountMembers, { filter: { ...scope, status: 'ACTIVE', ...filter } })).members?.totalCount ?? 0;
  const counties = (await request(HomeCounties)).homeCounties;
  const [byCounty, below, total] = await Promise.all([
    Promise.all(counties.map(async (c) => ({ name: c.name, value: await count({ hometownCode: c.code }) }))),
    Promise.all(BUCKETS.map((b) => count({ completenessBelow: b }))),
    count({}),
  ]);
  const completeness = BUCKETS.map((b, i) => ({ name: i === BUCKETS.length - 1 ? `${b - 20}–99%` : `${b - 20}–${b - 1}%`, value: below[i] - (i > 0 ? below[i - 1] : 0) }));
  completeness.push({ name: '100%', value: total - below[BUCKETS.length - 1] });
  return { byCounty: byCounty.filter((c) => c.value > 0), completeness: completeness.filter((c) => c.value > 0), incomplete: below[2] };
}

/** 首页: my chamber and the chambers below it at a glance, charts and what awaits. */
export default function HomePage() {
  const me = useMe();
  const chamberId = me.scope.chamberId ?? null;
  const rollup = useQuery(Rollup, { id: chamberId ?? '' }, { skip: !chamberId });
  const [charts, setCharts] = useState<Charts>();
  const [chartError, setChartError] = useState<string>();
  useEffect(() => {
    loadCharts(chamberId).then(setCharts, (e: { messageZh?: string }) => setChartError(e.messageZh ?? '统计加载失败'));
  }, [chamberId]);
  const r = rollup.data?.chamberRollup;
  return (
    <div data-testid="home-page">
      <Typography.Title level={3}>{rollup.data?.chamber.name ?? '首页'}</Typography.Title>
      {rollup.error && <Alert type="error" showIcon message={rollup.error.messageZh} />}
      {r && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="在册会员" value={r.members.active} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="领军人物" value={r.members.leadGoose} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="新生代" value={r.members.newGeneration} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="本会及下级商会" value={r.chambers.total} suffix="个" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="党组织" value={r.party.units} suffix="个" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="党员" value={r.party.partyMembers} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="走访" value={r.visits.total} suffix="次" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="有效荣誉" value={r.honors.active} suffix="项" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="人大代表、政协委员" value={r.members.politicalRoles} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="最近走访" value={zhDate(r.visits.lastVisitedOn)} /></Card></Col>
        </Row>
      )}
      {chartError && <Alert type="error" showIcon message={chartError} style={{ marginTop: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card title="会员籍贯分布（按县市区）">{charts && <BarChartView testId="chart-county" labels={charts.byCounty.map((c) => c.name)} values={charts.byCounty.map((c) => c.value)} />}</Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="资料完整度分布">{charts && <PieChartView testId="chart-completeness" data={charts.completeness} />}</Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="待办">
            <List>
              <List.Item>
                <Link to="/members?below=60" data-testid="todo-incomplete">
                  资料完整度低于 60% 的会员：{charts ? charts.incomplete : '…'} 人
                </Link>
              </List.Item>
            </List>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
