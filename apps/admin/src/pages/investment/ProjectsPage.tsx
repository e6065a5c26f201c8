import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { INVESTMENT_KEY_LEVEL, INVESTMENT_STAGE } from '../../i18n/zh-investment';
import { zh } from '../../i18n/zh';
import { useMe } from '../../session';
import { ChamberSelect, projectRights, useLookups } from './lookups';
import { money } from '../../i18n/money';

const ProjectsQuery = graphql(`
  query AdminInvestmentProjects($first: Int!, $after: String, $filter: InvestmentProjectFilter) {
    investmentProjects(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name stage keyLevel destinationCountyCode totalInvestment contractedInvestment stallRisk
          fundsInPlace
          chamber { id name }
          investors { id name }
        }
      }
    }
  }
`);
type Row = NonNullable<ResultOf<typeof ProjectsQuery>['investmentProjects']>['edges'][number]['node'];

export const STAGE_COLOR: Record<string, string> = { LEAD: 'default', SIGNED: 'blue', STARTED: 'cyan', IN_PRODUCTION: 'green', STALLED: 'orange', CANCELLED: 'red' };

/**
 * 回归项目: the projects in the caller's scope (the API decides which), the filters the API offers
 * (stage, county, chamber, industry, key level, stalled-risk), cursor paging (a stack of the
 * cursors of the pages before). Filters and page size live in the URL.
 */
export default function ProjectsPage() {
  const me = useMe();
  const rights = projectRights(me);
  const lookups = useLookups();
  const [params, setParams] = useSearchParams();
  const stage = params.get('stage') ?? undefined;
  const county = params.get('county') ?? undefined;
  const chamber = params.get('chamber') ?? undefined;
  const industry = params.get('industry') ?? undefined;
  const keyLevel = params.get('key') ?? undefined;
  const stalled = params.get('stalled') === '1';
  const search = params.get('q') ?? undefined;
  const first = Number(params.get('size') ?? 20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);

  const filter = {
    ...(stage ? { stage: stage as 'LEAD' } : {}),
    ...(county ? { countyCode: county } : {}),
    ...(chamber ? { chamberId: chamber } : {}),
    ...(industry ? { industryCode: industry } : {}),
    ...(keyLevel ? { keyLevel: keyLevel as 'CITY' } : {}),
    ...(stalled ? { stallRisk: true } : {}),
    ...(search ? { search } : {}),
  };
  const after = cursors[cursors.length - 1];
  const { data, error, loading } = useQuery(ProjectsQuery, { first, after, filter });
  const rows = useMemo(() => data?.investmentProjects?.edges.map((e) => e.node) ?? [], [data]);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([null]);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="projects-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          回归项目
        </Typography.Title>
        <Space>
          {rights.report && (
            <Link to="/projects/report">
              <Button>项目报表</Button>
            </Link>
          )}
          {rights.manage && (
            <Link to="/projects/new">
              <Button type="primary" data-testid="project-new">
                新建项目
              </Button>
            </Link>
          )}
        </Space>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder="项目名称或投资人（至少 2 个字）"
          style={{ width: 260 }}
          defaultValue={search}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
          data-testid="project-search"
        />
        <Select allowClear placeholder="阶段" style={{ width: 110 }} value={stage} onChange={(v) => setParam('stage', v)} options={Object.entries(INVESTMENT_STAGE).map(([value, label]) => ({ value, label }))} data-testid="filter-stage" />
        <Select allowClear showSearch optionFilterProp="label" placeholder="落地县（市、区）" style={{ width: 170 }} value={county} onChange={(v) => setParam('county', v)} options={lookups.counties} />
        <ChamberSelect value={chamber} onChange={(v) => setParam('chamber', v)} placeholder="引荐商会" style={{ width: 240 }} />
        <Select allowClear showSearch optionFilterProp="label" placeholder="行业" style={{ width: 220 }} value={industry} onChange={(v) => setParam('industry', v)} options={lookups.industries} />
        <Select allowClear placeholder="重点项目" style={{ width: 120 }} value={keyLevel} onChange={(v) => setParam('key', v)} options={Object.entries(INVESTMENT_KEY_LEVEL).map(([value, label]) => ({ value, label }))} />
        <Select
          allowClear
          placeholder="停滞预警"
          style={{ width: 130 }}
          value={stalled ? '1' : undefined}
          onChange={(v) => setParam('stalled', v)}
          options={[{ value: '1', label: '只看停滞预警' }]}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="project-table"
        scroll={{ x: 1100 }}
        columns={[
          { key: 'name', title: '项目名称', render: (_, p) => <Link to={`/projects/${p.id}`}>{p.name}</Link> },
          { key: 'investors', title: '投资人', render: (_, p) => p.investors.map((m) => m.name).join('、') || '—' },
          { key: 'county', title: '落地县（市、区）', render: (_, p) => lookups.countyName(p.destinationCountyCode) },
          { key: 'chamber', title: '引荐商会', render: (_, p) => p.chamber?.name ?? '—' },
          {
            key: 'stage',
            title: '阶段',
            render: (_, p) => (
              <Space size={4}>
                <Tag color={STAGE_COLOR[p.stage]}>{zh(INVESTMENT_STAGE, p.stage)}</Tag>
                {p.keyLevel && <Tag color="gold">{zh(INVESTMENT_KEY_LEVEL, p.keyLevel)}</Tag>}
              </Space>
            ),
          },
          { key: 'total', title: '总投资', align: 'right', render: (_, p) => money(p.totalInvestment) },
          { key: 'contracted', title: '合同投资', align: 'right', render: (_, p) => money(p.contractedInvestment) },
          { key: 'funds', title: '到位资金', align: 'right', render: (_, p) => money(p.fundsInPlace) },
          { key: 'stall', title: '停滞', render: (_, p) => (p.stallRisk ? <Tag color="orange">停滞预警</Tag> : '—') },
        ]}
      />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="project-total">
          共 {data?.investmentProjects?.totalCount ?? 0} 个项目 · 第 {cursors.length} 页
        </Typography.Text>
        <Space>
          <Select value={first} style={{ width: 130 }} onChange={(v) => setParam('size', String(v))} options={[20, 50, 100].map((v) => ({ value: v, label: `每页 ${v} 条` }))} />
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            上一页
          </Button>
          <Button disabled={!data?.investmentProjects?.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, data?.investmentProjects?.pageInfo.endCursor ?? null])}>
            下一页
          </Button>
        </Space>
      </Space>
    </Space>
  );
}
