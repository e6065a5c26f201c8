import { Alert, Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { request } from '../api/client';
import { graphql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { BarChartView, PieChartView } from '../components/Chart';
import { money } from '../i18n/money';
import { zhDate } from '../i18n/zh';
import { MEMBER_READERS } from '../roles';
import { useMe } from '../session';

const Rollup = graphql(`
  query AdminRollup($id: ID!) {
    chamber(id: $id) { id name }
    chamberRollup(id: $id) {
      chambers { total }
      members { total active leadGoose newGeneration politicalRoles joinedByYear { year members } }
      party { units chambersWithUnit partyMembers }
      visits { total thisYear lastVisitedOn }
      honors { active }
      projects { projects fundsInPlace }
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

const Overview = graphql(`
  query AdminHomeOverview {
    members(first: 1, filter: { status: ACTIVE }) { totalCount }
    chambers(first: 1, filter: { status: ACTIVE }) { totalCount }
  }
`);
const OpinionCount = graphql(`
  query AdminHomeOpinionCount($status: FeedbackStatus!) {
    opinions(first: 1, filter: { status: $status }) { totalCount }
  }
`);
const NominationCount = graphql(`
  query AdminHomeNominationCount {
    honorNominations(first: 1, filter: { status: SUBMITTED }) { totalCount }
    honorRounds { id status }
  }
`);
const ImportsWaiting = graphql(`
  query AdminHomeImports {
    memberImports(first: 100, status: [VALIDATED, INVALID]) { edges { node { id status } } }
  }
`);
const NoticeTodos = graphql(`
  query AdminHomeTodos {
    myTodos { id overdue }
  }
`);

const BUCKETS = [20, 40, 60, 80, 100] as const;

interface Todo {
  key: string;
  to: string;
  text: string;
}

/**
 * What awaits the caller, from each module it may read: a query the role may not make (a viewer
 * and nominations, say) is left out rather than shown as an error; nothing waiting, no line.
 */
async function loadTodos(): Promise<Todo[]> {
  const settle = <T,>(p: Promise<T>) => p.then((v) => v, () => null);
  const [open, assigned, answered, nominations, imports, notices] = await Promise.all([
    settle(request(OpinionCount, { status: 'OPEN' })),
    settle(request(OpinionCount, { status: 'ASSIGNED' })),
    settle(request(OpinionCount, { status: 'ANSWERED' })),
    settle(request(NominationCount)),
    settle(request(ImportsWaiting)),
    settle(request(NoticeTodos)),
  ]);
  const todos: Todo[] = [];
  const pending = (open?.opinions?.totalCount ?? 0) + (assigned?.opinions?.totalCount ?? 0);
  if (pending) todos.push({ key: 'opinions', to: '/opinions', text: `未答复的意见建议：${pending} 条` });
  if (answered?.opinions?.totalCount) todos.push({ key: 'answered', to: '/opinions', text: `已答复待评价、办结的意见建议：${answered.opinions.totalCount} 条` });
  const rounds = nominations?.honorRounds?.filter((r) => r.status === 'NOMINATING').length ?? 0;
  if (rounds) todos.push({ key: 'rounds', to: '/honours', text: `正在接受提名的荣誉评选：${rounds} 个` });
  if (nominations?.honorNominations?.totalCount) todos.push({ key: 'nominations', to: '/honours', text: `待审核的荣誉提名：${nominations.honorNominations.totalCount} 个` });
  const byStatus = (statuses: string[]) => imports?.memberImports?.edges.filter((e) => statuses.includes(e.node.status)) ?? [];
  const ready = byStatus(['VALIDATED']);
  if (ready.length) todos.push({ key: 'imports', to: ready.length === 1 ? `/import?id=${ready[0].node.id}` : '/import', text: `已校验、等待确认导入的名单：${ready.length} 份` });
  const invalid = byStatus(['INVALID']);
  if (invalid.length) todos.push({ key: 'invalid', to: invalid.length === 1 ? `/import?id=${invalid[0].node.id}` : '/import', text: `有错误待修改的导入名单：${invalid.length} 份` });
  if (notices?.myTodos?.length) {
    const overdue = notices.myTodos.filter((t) => t.overdue).length;
    todos.push({ key: 'notices', to: '/todos', text: `通知、报送与会议待办：${notices.myTodos.length} 项${overdue ? `（逾期 ${overdue} 项）` : ''}` });
  }
  return todos;
}

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

/** The join-year chart's bars: each recorded year, then 未填写 for members without a date. */
function joinedBars(rows: readonly { year: number | null; members: number }[] | undefined) {
  if (!rows?.length) return null;
  return { labels: rows.map((r) => (r.year === null ? '未填写' : `${r.year}年`)), values: rows.map((r) => r.members) };
}

/** 首页: my chamber and the chambers below it at a glance, charts and what awaits. */
export default function HomePage() {
  const me = useMe();
  const chamberId = me.scope.chamberId ?? null;
  const rollup = useQuery(Rollup, { id: chamberId ?? '' }, { skip: !chamberId });
  // The office (no chamber of its own): what its scope holds in all.
  const readsMembers = MEMBER_READERS.includes(me.role);
  const overview = useQuery(Overview, {}, { skip: !!chamberId || !readsMembers });
  const [charts, setCharts] = useState<Charts>();
  const [chartError, setChartError] = useState<string>();
  const [todos, setTodos] = useState<Todo[]>();
  useEffect(() => {
    if (readsMembers) loadCharts(chamberId).then(setCharts, (e: { messageZh?: string }) => setChartError(e.messageZh ?? '统计加载失败'));
    void loadTodos().then(setTodos);
  }, [chamberId, readsMembers]);
  const joined = joinedBars(rollup.data?.chamberRollup?.members.joinedByYear);
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
          <Col xs={12} md={6} xl={4}><Card><Statistic title="本年走访" value={r.visits.thisYear} suffix="次" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="累计走访" value={r.visits.total} suffix="次" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="引进回归项目" value={r.projects.projects} suffix="个" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="项目到位资金" value={money(r.projects.fundsInPlace)} /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="有效荣誉" value={r.honors.active} suffix="项" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="人大代表、政协委员" value={r.members.politicalRoles} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="最近走访" value={zhDate(r.visits.lastVisitedOn)} /></Card></Col>
        </Row>
      )}
      {overview.data && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="在册会员" value={overview.data.members?.totalCount ?? 0} suffix="人" /></Card></Col>
          <Col xs={12} md={6} xl={4}><Card><Statistic title="已成立商会" value={overview.data.chambers.totalCount} suffix="个" /></Card></Col>
        </Row>
      )}
      {chartError && <Alert type="error" showIcon message={chartError} style={{ marginTop: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {readsMembers && (
          <Col xs={24} xl={12}>
            <Card title="会员籍贯分布（按县市区）">{charts && <BarChartView testId="chart-county" labels={charts.byCounty.map((c) => c.name)} values={charts.byCounty.map((c) => c.value)} />}</Card>
          </Col>
        )}
        {readsMembers && (
          <Col xs={24} xl={12}>
            <Card title="资料完整度分布">{charts && <PieChartView testId="chart-completeness" data={charts.completeness} />}</Card>
          </Col>
        )}
        {joined && (
          <Col xs={24} xl={12}>
            <Card title="会员入会年份分布">
              <BarChartView testId="chart-joined" labels={joined.labels} values={joined.values} />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={12}>
          <Card title="待办">
            <List data-testid="todo-list" locale={{ emptyText: '暂无待办事项' }}>
              {readsMembers && (
                <List.Item>
                  <Link to="/members?below=60" data-testid="todo-incomplete">
                    资料完整度低于 60% 的会员：{charts ? charts.incomplete : '…'} 人
                  </Link>
                </List.Item>
              )}
              {todos?.map((t) => (
                <List.Item key={t.key}>
                  <Link to={t.to} data-testid={`todo-${t.key}`}>
                    {t.text}
                  </Link>
                </List.Item>
              ))}
            </List>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
