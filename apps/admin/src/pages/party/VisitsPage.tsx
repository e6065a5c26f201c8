import { Alert, Card, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { VISIT_DIRECTION, VISIT_KIND } from '../../i18n/zh-party';
import { todayIso } from './common';
import { Pager, useCursorStack } from '../../components/Pager';

const VisitsQuery = graphql(`
  query AdminVisits($first: Int!, $after: String, $filter: VisitFilter) {
    visits(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id visitedOn kind direction place
          leader { id name title }
          chambers { id name }
          members { id name }
        }
      }
    }
  }
`);
type VisitRow = NonNullable<ResultOf<typeof VisitsQuery>['visits']>['edges'][number]['node'];

const VisitSummary = graphql(`
  query AdminVisitSummary($from: String, $to: String) {
    visitReport(from: $from, to: $to) { total byKind { kind count } }
    campaigns { id name startsOn endsOn }
  }
`);

/** This year's visits by kind, and the campaigns (专项走访活动) the caller reads (the office's; none for a secretariat). */
function Summary() {
  const year = todayIso().slice(0, 4);
  const { data, error } = useQuery(VisitSummary, { from: `${year}-01-01`, to: todayIso() });
  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  const r = data?.visitReport;
  if (!r) return null;
  const kinds = r.byKind.filter((k) => k.count > 0);
  return (
    <Card size="small" data-testid="visit-summary">
      <Typography.Text>
        {year}年走访 {r.total} 次{kinds.length ? `：${kinds.map((k) => `${zh(VISIT_KIND, k.kind)} ${k.count} 次`).join('，')}` : ''}
      </Typography.Text>
      {(data?.campaigns ?? []).length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          专项走访活动：{(data?.campaigns ?? []).map((c) => `${c.name}（${zhDate(c.startsOn)}至${zhDate(c.endsOn)}）`).join('；')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** 走访: the visits the caller reads (a secretariat: visits to its chambers), newest first, by kind and period. */
export default function VisitsPage() {
  const stack = useCursorStack();
  const [kind, setKind] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filter = {
    ...(kind ? { kind: kind as 'SERVICE' } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  };
  const { data, error, loading } = useQuery(VisitsQuery, { first: 20, after: stack.after, filter });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        走访
      </Typography.Title>
      <Summary />
      <Space wrap>
        <Select
          allowClear
          placeholder="走访形式"
          style={{ width: 160 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            stack.reset();
          }}
          options={Object.entries(VISIT_KIND).map(([value, label]) => ({ value, label }))}
        />
        <DatePicker.RangePicker
          value={range}
          placeholder={['开始日期', '结束日期']}
          onChange={(v) => {
            setRange(v);
            stack.reset();
          }}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<VisitRow>
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={data?.visits?.edges.map((e) => e.node) ?? []}
        data-testid="visit-table"
        columns={[
          { title: '日期', render: (_, v) => <Link to={`/visits/${v.id}`}>{zhDate(v.visitedOn)}</Link>, width: 140 },
          { title: '形式', render: (_, v) => `${zh(VISIT_KIND, v.kind)}（${zh(VISIT_DIRECTION, v.direction)}）` },
          { title: '地点', render: (_, v) => v.place },
          { title: '带队', render: (_, v) => (v.leader ? `${v.leader.name}（${v.leader.title}）` : '—') },
          { title: '走访商会', render: (_, v) => v.chambers.map((c) => c.name).join('、') || '—' },
          { title: '会见会员', render: (_, v) => v.members.map((m) => m.name).join('、') || '—' },
        ]}
      />
      <Pager total={data?.visits?.totalCount} unit="次走访" stack={stack} pageInfo={data?.visits?.pageInfo} testId="visit-total" />
    </Space>
  );
}
