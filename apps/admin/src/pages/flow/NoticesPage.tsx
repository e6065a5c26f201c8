import { Alert, Button, Checkbox, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { NOTICE_PRIORITY, RECEIPT_STATE, REQUEST_STATUS, requestCategory, SENDER_KIND } from '../../i18n/zh-flow';
import { useMe } from '../../session';
import { DesksQuery, RAISER_ROLES, SENDER_ROLES, UNIT_ROLES } from './flow-common';
import { Pager, useCursorStack } from '../../components/Pager';
import { RaiseRequestDialog } from './RaiseRequestDialog';

const InboxQuery = graphql(`
  query FlowInbox($first: Int!, $after: String) {
    myInbox(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { noticeId recipientId title priority sentAt deadline state asksReturn returned } }
    }
  }
`);
const NoticesQuery = graphql(`
  query FlowNotices($first: Int!, $after: String) {
    notices(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title priority sentAt deadline senderKind senderChamberId senderCountyCode recipientCount returnForm { key } } }
    }
  }
`);
const RequestsQuery = graphql(`
  query FlowRequests($first: Int!, $after: String, $filter: RequestFilter) {
    requests(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id category title desk status dueOn overdue raisedAt firstAnsweredAt raiserKind } }
    }
  }
`);

type InboxRow = NonNullable<ResultOf<typeof InboxQuery>['myInbox']>['edges'][number]['node'];
type NoticeRow = NonNullable<ResultOf<typeof NoticesQuery>['notices']>['edges'][number]['node'];
type RequestRow = NonNullable<ResultOf<typeof RequestsQuery>['requests']>['edges'][number]['node'];

const PAGE = 20;

function stateTag(state: string) {
  const color = state === 'ACKNOWLEDGED' ? 'green' : state === 'READ' ? 'blue' : 'red';
  return <Tag color={color}>{zh(RECEIPT_STATE, state)}</Tag>;
}
function priorityTag(p: string) {
  return p === 'URGENT' ? <Tag color="red">{zh(NOTICE_PRIORITY, p)}</Tag> : <Tag>{zh(NOTICE_PRIORITY, p)}</Tag>;
}

/** 收到的通知: the unit's inbox, in the API's order (newest first), unread marked. */
function Inbox() {
  const stack = useCursorStack();
  const { data, error, loading } = useQuery(InboxQuery, { first: PAGE, after: stack.after });
  const rows = data?.myInbox?.edges.map((e) => e.node) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<InboxRow>
        rowKey="recipientId"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="inbox-table"
        columns={[
          {
            title: '标题',
            render: (_, r) => (
              <Link to={`/notices/${r.noticeId}`} style={{ fontWeight: r.state === 'UNREAD' ? 600 : undefined }}>
                {r.title}
              </Link>
            ),
          },
          { title: '紧急程度', width: 100, render: (_, r) => priorityTag(r.priority) },
          { title: '下发时间', width: 180, render: (_, r) => zhDate(r.sentAt) },
          { title: '截止时间', width: 180, render: (_, r) => zhDate(r.deadline) },
          { title: '签收', width: 100, render: (_, r) => stateTag(r.state) },
          {
            title: '报送',
            width: 100,
            render: (_, r) => (r.asksReturn ? r.returned ? <Tag color="green">已报送</Tag> : <Tag color="orange">待报送</Tag> : '—'),
          },
        ]}
      />
      <Pager stack={stack} total={data?.myInbox?.totalCount} pageInfo={data?.myInbox?.pageInfo} unit="条通知" />
    </Space>
  );
}

/** 通知列表: what the caller sent or may read (the office: all), with who sent it. */
function AllNotices() {
  const me = useMe();
  const stack = useCursorStack();
  const { data, error, loading } = useQuery(NoticesQuery, { first: PAGE, after: stack.after });
  const rows = data?.notices?.edges.map((e) => e.node) ?? [];
  const mine = (n: NoticeRow) =>
    (n.senderKind === 'OFFICE' && me.role === 'ADMIN') ||
    (n.senderKind === 'COUNTY' && !!me.scope.countyCode && n.senderCountyCode === me.scope.countyCode) ||
    (n.senderKind === 'CHAMBER' && !!me.scope.chamberId && n.senderChamberId === me.scope.chamberId);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<NoticeRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="notices-table"
        columns={[
          { title: '标题', render: (_, n) => <Link to={`/notices/${n.id}`}>{n.title}</Link> },
          { title: '发送方', width: 150, render: (_, n) => (mine(n) ? <Tag color="blue">本单位发出</Tag> : zh(SENDER_KIND, n.senderKind)) },
          { title: '紧急程度', width: 100, render: (_, n) => priorityTag(n.priority) },
          { title: '接收单位', width: 90, render: (_, n) => n.recipientCount },
          { title: '要求报送', width: 90, render: (_, n) => (n.returnForm ? '是' : '否') },
          { title: '下发时间', width: 180, render: (_, n) => zhDate(n.sentAt) },
          { title: '截止时间', width: 180, render: (_, n) => zhDate(n.deadline) },
        ]}
      />
      <Pager stack={stack} total={data?.notices?.totalCount} pageInfo={data?.notices?.pageInfo} unit="条通知" />
    </Space>
  );
}

/** 向上报送: requests raised by the unit (or, for the office, addressed to a desk), with their status. */
function Requests() {
  const me = useMe();
  const stack = useCursorStack();
  const [status, setStatus] = useState<string>();
  const [desk, setDesk] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const [raising, setRaising] = useState(false);
  const desks = useQuery(DesksQuery, {});
  const filter = {
    ...(status ? { status: status as 'OPEN' } : {}),
    ...(desk ? { desk } : {}),
    ...(overdue ? { overdue: true } : {}),
  };
  const { data, error, loading, reload } = useQuery(RequestsQuery, { first: PAGE, after: stack.after, filter });
  const rows = data?.requests?.edges.map((e) => e.node) ?? [];
  const deskNames = [...new Set((desks.data?.requestDesks ?? []).map((d) => d.desk))];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            stack.reset();
          }}
          options={Object.entries(REQUEST_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder={me.role === 'ADMIN' ? '我的处室（承办处室）' : '承办处室'}
          style={{ width: 200 }}
          value={desk}
          onChange={(v) => {
            setDesk(v);
            stack.reset();
          }}
          options={deskNames.map((d) => ({ value: d, label: d }))}
          data-testid="request-desk-filter"
        />
        <Checkbox
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.target.checked);
            stack.reset();
          }}
        >
          只看逾期
        </Checkbox>
        {RAISER_ROLES.includes(me.role) && (
          <Button type="primary" onClick={() => setRaising(true)} data-testid="request-raise">
            向上报送
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<RequestRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="requests-table"
        columns={[
          { title: '标题', render: (_, r) => <Link to={`/notices/requests/${r.id}`}>{r.title}</Link> },
          { title: '类别', width: 110, render: (_, r) => requestCategory(r.category) },
          { title: '承办处室', width: 130, dataIndex: 'desk' },
          {
            title: '状态',
            width: 140,
            render: (_, r) => (
              <Space size={4}>
                <Tag color={r.status === 'ANSWERED' || r.status === 'CLOSED' ? 'green' : 'orange'}>{zh(REQUEST_STATUS, r.status)}</Tag>
                {r.overdue && <Tag color="red">逾期</Tag>}
              </Space>
            ),
          },
          { title: '提出时间', width: 180, render: (_, r) => zhDate(r.raisedAt) },
          { title: '答复期限', width: 130, render: (_, r) => zhDate(r.dueOn) },
        ]}
      />
      <Pager stack={stack} total={data?.requests?.totalCount} pageInfo={data?.requests?.pageInfo} unit="件" />
      <RaiseRequestDialog
        open={raising}
        desks={desks.data?.requestDesks ?? []}
        onClose={() => setRaising(false)}
        onRaised={() => {
          setRaising(false);
          stack.reset();
          void reload();
        }}
      />
    </Space>
  );
}

/**
 * 通知与报送: a unit's inbox (unread first as the API orders it, paged), the notices it sent or
 * reads, and its requests upward (向上报送) with their replies. The office sees every notice and
 * the requests by desk. The tab is in the URL.
 */
export default function NoticesPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const unit = UNIT_ROLES.includes(me.role);
  const items = [
    ...(unit ? [{ key: 'inbox', label: '收到的通知', children: <Inbox /> }] : []),
    { key: 'notices', label: unit ? '全部通知（发出与收到）' : '通知列表', children: <AllNotices /> },
    ...(me.role !== 'PARTY_OFFICER' ? [{ key: 'requests', label: me.role === 'ADMIN' ? '请示与需求' : '向上报送', children: <Requests /> }] : []),
  ];
  const tab = items.some((i) => i.key === params.get('tab')) ? (params.get('tab') as string) : items[0].key;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          通知与报送
        </Typography.Title>
        {SENDER_ROLES.includes(me.role) && (
          <Link to="/notices/new">
            <Button type="primary" data-testid="notice-new">
              发通知
            </Button>
          </Link>
        )}
      </Space>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k }, { replace: true })} items={items} destroyOnHidden />
    </Space>
  );
}
