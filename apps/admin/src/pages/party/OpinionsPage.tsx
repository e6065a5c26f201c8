import { Alert, Button, Card, Checkbox, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { FEEDBACK_CATEGORY, FEEDBACK_STATUS } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { RAISERS, raiserOf, STATUS_COLOR, todayIso } from './common';
import { Pager, useCursorStack } from '../../components/Pager';

const OpinionsQuery = graphql(`
  query AdminOpinions($first: Int!, $after: String, $filter: FeedbackFilter) {
    opinions(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id raisedOn category status text dueOn overdue assigneeUnit
          raisedByMember { id name }
          raisedByChamber { id name }
          visit { id visitedOn }
          assigneeOfficial { id name }
        }
      }
    }
  }
`);
type OpinionRow = NonNullable<ResultOf<typeof OpinionsQuery>['opinions']>['edges'][number]['node'];

const OpinionSummary = graphql(`
  query AdminOpinionSummary($from: String, $to: String) {
    feedbackReport(from: $from, to: $to) { total overdue medianDaysToAnswer meanSatisfaction byStatus { status count } }
  }
`);

/** This year's opinions by status, overdue, days to the first answer and satisfaction (at the caller's scope). */
function Summary() {
  const year = todayIso().slice(0, 4);
  const { data, error } = useQuery(OpinionSummary, { from: `${year}-01-01`, to: todayIso() });
  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  const r = data?.feedbackReport;
  if (!r) return null;
  const parts = [
    ...Object.keys(FEEDBACK_STATUS).map((s) => `${zh(FEEDBACK_STATUS, s)} ${r.byStatus.find((b) => b.status === s)?.count ?? 0} 条`),
    `已超期 ${r.overdue} 条`,
    r.medianDaysToAnswer != null ? `答复用时中位数 ${r.medianDaysToAnswer} 天` : null,
    r.meanSatisfaction != null ? `平均满意度 ${r.meanSatisfaction.toFixed(1)} 分` : null,
  ].filter(Boolean);
  return (
    <Card size="small" data-testid="opinion-summary">
      <Typography.Text>
        {year}年提出 {r.total} 条：{parts.join('，')}
      </Typography.Text>
    </Card>
  );
}

/** 意见建议: the opinions the caller reads (a secretariat: raised by its members and chambers), by status and category. */
export default function OpinionsPage() {
  const me = useMe();
  const stack = useCursorStack();
  const [status, setStatus] = useState<string>();
  const [category, setCategory] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const filter = {
    ...(status ? { status: status as 'OPEN' } : {}),
    ...(category ? { category: category as 'POLICY' } : {}),
    ...(overdue ? { overdue: true } : {}),
  };
  const { data, error, loading } = useQuery(OpinionsQuery, { first: 20, after: stack.after, filter });
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    stack.reset();
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          意见建议
        </Typography.Title>
        {RAISERS.includes(me.role) && (
          <Link to="/opinions/new">
            <Button type="primary" data-testid="raise-opinion">
              提出意见建议
            </Button>
          </Link>
        )}
      </Space>
      <Summary />
      <Space wrap>
        <Select
          allowClear
          placeholder="办理状态"
          style={{ width: 130 }}
          value={status}
          onChange={change(setStatus)}
          options={Object.entries(FEEDBACK_STATUS).map(([value, label]) => ({ value, label }))}
          data-testid="opinion-status-filter"
        />
        <Select
          allowClear
          placeholder="类别"
          style={{ width: 130 }}
          value={category}
          onChange={change(setCategory)}
          options={Object.entries(FEEDBACK_CATEGORY).map(([value, label]) => ({ value, label }))}
        />
        <Checkbox checked={overdue} onChange={(e) => change(setOverdue)(e.target.checked)}>
          只看已超期
        </Checkbox>
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<OpinionRow>
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={data?.opinions?.edges.map((e) => e.node) ?? []}
        data-testid="opinion-table"
        columns={[
          { title: '提出日期', render: (_, o) => zhDate(o.raisedOn), width: 130 },
          { title: '提出人', render: (_, o) => raiserOf(o), width: 160 },
          { title: '类别', render: (_, o) => zh(FEEDBACK_CATEGORY, o.category), width: 90 },
          { title: '内容', render: (_, o) => <Link to={`/opinions/${o.id}`}>{o.text.length > 50 ? `${o.text.slice(0, 50)}…` : o.text}</Link> },
          { title: '承办', render: (_, o) => o.assigneeOfficial?.name ?? o.assigneeUnit ?? '—', width: 130 },
          { title: '办理期限', render: (_, o) => zhDate(o.dueOn), width: 130 },
          {
            title: '状态',
            render: (_, o) => (
              <Space size={4}>
                <Tag color={STATUS_COLOR[o.status]}>{zh(FEEDBACK_STATUS, o.status)}</Tag>
                {o.overdue && <Tag color="red">已超期</Tag>}
              </Space>
            ),
            width: 150,
          },
        ]}
      />
      <Pager total={data?.opinions?.totalCount} unit="条" stack={stack} pageInfo={data?.opinions?.pageInfo} testId="opinion-total" />
    </Space>
  );
}
