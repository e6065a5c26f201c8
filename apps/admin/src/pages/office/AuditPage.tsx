import { Alert, Button, DatePicker, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { ROLE, zh, zhDate } from '../../i18n/zh';
import { AUDIT_ENTITY, AUDIT_OPERATIONS, auditOperationZh } from './audit-labels';
import { useMe } from '../../session';
import { Forbidden } from './office-common';
import { useCursorStack } from '../../components/Pager';

const AuditQuery = graphql(`
  query AdminOfficeAudit($first: Int!, $after: String, $filter: AuditEventFilter) {
    auditEvents(first: $first, after: $after, filter: $filter) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id occurredAt operation entityType entityId actorId actorEmail actorKind actorRole requestId metadata
          changes { field before after }
        }
      }
    }
  }
`);
const ActorSearch = graphql(`
  query AdminOfficeActorSearch($search: String) {
    users(first: 20, filter: { search: $search }) { edges { node { id email displayName } } }
  }
`);
type AuditRow = ResultOf<typeof AuditQuery>['auditEvents']['edges'][number]['node'];

/** Pretty JSON of a stored value; the text as it is when it is not JSON. */
function pretty(json: string | null | undefined): string {
  if (json == null) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function ActorPicker({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    const term = text.trim();
    if (term.length < 2) return;
    let alive = true;
    const handle = setTimeout(() => {
      void request(ActorSearch, { search: term }).then(
        (res) => alive && setOptions((res.users?.edges ?? []).map((e) => ({ value: e.node.id, label: `${e.node.displayName}（${e.node.email}）` }))),
        () => alive && setOptions([]),
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(handle);
    };
  }, [text]);
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      style={{ width: 260 }}
      placeholder="操作人（输入姓名或邮箱）"
      value={value}
      onSearch={setText}
      onChange={onChange}
      options={options}
      notFoundContent="输入至少两个字查找"
      data-testid="audit-actor"
    />
  );
}

function Details({ e }: { e: AuditRow }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="audit-details">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="操作代码">
          <Typography.Text code>{e.operation}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="对象">
          {AUDIT_ENTITY[e.entityType] ?? e.entityType} {e.entityId ? <Typography.Text code>{e.entityId}</Typography.Text> : null}
        </Descriptions.Item>
        <Descriptions.Item label="操作人类型">{e.actorKind === 'API_KEY' ? 'API 密钥（对接系统）' : e.actorKind === 'USER' ? '用户' : '系统'}</Descriptions.Item>
        <Descriptions.Item label="请求编号">{e.requestId ?? '—'}</Descriptions.Item>
      </Descriptions>
      {e.changes.length > 0 && (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={e.changes}
          columns={[
            { title: '字段', render: (_, c) => <Typography.Text code>{c.field}</Typography.Text> },
            { title: '修改前', render: (_, c) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{pretty(c.before)}</pre> },
            { title: '修改后', render: (_, c) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{pretty(c.after)}</pre> },
          ]}
        />
      )}
      {e.metadata && (
        <div>
          <Typography.Text type="secondary">详细信息</Typography.Text>
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8 }}>{pretty(e.metadata)}</pre>
        </div>
      )}
    </Space>
  );
}

/** 审计日志 (administrators): every recorded action, filtered by actor, action, entity and time, newest first. */
export default function AuditPage() {
  const me = useMe();
  const [actorId, setActorId] = useState<string>();
  const [operation, setOperation] = useState<string>();
  const [entityType, setEntityType] = useState<string>();
  const [entityId, setEntityId] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const stack = useCursorStack();
  const allowed = me.role === 'ADMIN';
  const filter = {
    ...(actorId ? { actorId } : {}),
    ...(operation ? { operation } : {}),
    ...(entityType ? { entityType } : {}),
    ...(entityId.trim() ? { entityId: entityId.trim() } : {}),
    ...(range?.[0] ? { from: range[0].toISOString() } : {}),
    ...(range?.[1] ? { to: range[1].toISOString() } : {}),
  };
  const { data, error, loading } = useQuery(AuditQuery, { first: 50, after: stack.after, filter }, { skip: !allowed });
  // The audit scope gives other roles their own events only; the page itself is the administrators'.
  if (!allowed || error?.code === 'FORBIDDEN') return <Forbidden what="审计日志" />;
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    stack.reset();
  };
  const rows = data?.auditEvents.edges.map((e) => e.node) ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        审计日志
      </Typography.Title>
      <Space wrap>
        <ActorPicker value={actorId} onChange={refilter(setActorId)} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 220 }}
          placeholder="操作"
          value={operation}
          onChange={refilter(setOperation)}
          options={AUDIT_OPERATIONS.map((o) => ({ value: o, label: auditOperationZh(o) }))}
          data-testid="audit-operation"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder="对象类型"
          value={entityType}
          onChange={refilter(setEntityType)}
          options={Object.entries(AUDIT_ENTITY).map(([value, label]) => ({ value, label }))}
          data-testid="audit-entity-type"
        />
        <Input.Search allowClear style={{ width: 240 }} placeholder="对象编号" onSearch={refilter(setEntityId)} data-testid="audit-entity-id" />
        <DatePicker.RangePicker showTime value={range} onChange={(v) => refilter(setRange)(v as [Dayjs | null, Dayjs | null] | null)} placeholder={['开始时间', '结束时间']} />
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<AuditRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (e) => <Details e={e} />, expandRowByClick: true }}
        columns={[
          { title: '时间', width: 180, render: (_, e) => zhDate(e.occurredAt) },
          {
            title: '操作人',
            render: (_, e) =>
              e.actorKind === 'API_KEY' ? (
                <Space size={4}>
                  <Tag>API 密钥</Tag>
                  {e.actorEmail}
                </Space>
              ) : (
                <Space size={4}>
                  {e.actorEmail ?? '系统'}
                  {e.actorRole && <Typography.Text type="secondary">{zh(ROLE, e.actorRole)}</Typography.Text>}
                </Space>
              ),
          },
          { title: '操作', render: (_, e) => auditOperationZh(e.operation) },
          { title: '对象', render: (_, e) => AUDIT_ENTITY[e.entityType] ?? e.entityType },
          { title: '变更', render: (_, e) => (e.changes.length ? `${e.changes.length} 项` : '—') },
        ]}
      />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="audit-total">
          第 {stack.page} 页 · 本页 {rows.length} 条（最新的在前）
        </Typography.Text>
        <Space>
          <Button disabled={stack.page <= 1} onClick={stack.back}>
            上一页
          </Button>
          <Button disabled={!data?.auditEvents.pageInfo.hasNextPage} onClick={() => stack.next(data?.auditEvents.pageInfo.endCursor)} data-testid="audit-next">
            下一页
          </Button>
        </Space>
      </Space>
    </Space>
  );
}
