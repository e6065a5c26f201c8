import { Alert, App, Button, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { WEBHOOK_DELIVERY_STATUS } from '../../i18n/zh-office';
import { useCursorStack } from '../../components/Pager';

const SubscriptionsQuery = graphql(`
  query AdminOfficeWebhooks($after: String) {
    webhookSubscriptions(first: 20, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id apiKeyId url eventTypes active consecutiveFailures disabledAt createdAt } }
    }
    apiKeys(first: 100) { edges { node { id name prefix } } }
  }
`);
const DeliveriesQuery = graphql(`
  query AdminOfficeWebhookDeliveries($subscriptionId: ID!, $status: WebhookDeliveryStatus, $after: String) {
    webhookDeliveries(subscriptionId: $subscriptionId, status: $status, first: 20, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id eventType status attempts lastStatusCode lastError lastDurationMs createdAt deliveredAt nextAttemptAt } }
    }
  }
`);
const EnableSubscription = graphql(`
  mutation AdminOfficeEnableWebhook($id: ID!) {
    enableWebhookSubscription(id: $id) { id active }
  }
`);
const DeleteSubscription = graphql(`
  mutation AdminOfficeDeleteWebhook($id: ID!) {
    deleteWebhookSubscription(id: $id)
  }
`);
const Ping = graphql(`
  mutation AdminOfficePingWebhook($subscriptionId: ID!) {
    pingWebhook(subscriptionId: $subscriptionId) { id status }
  }
`);
const Redeliver = graphql(`
  mutation AdminOfficeRedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) { id status }
  }
`);
type Subscription = NonNullable<ResultOf<typeof SubscriptionsQuery>['webhookSubscriptions']>['edges'][number]['node'];
type Delivery = NonNullable<ResultOf<typeof DeliveriesQuery>['webhookDeliveries']>['edges'][number]['node'];

const STATUS_COLOR: Record<string, string> = { DELIVERED: 'green', FAILED: 'red', PENDING: 'blue' };

function Deliveries({ subscription }: { subscription: Subscription }) {
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>();
  const stack = useCursorStack();
  const { data, error, loading, reload } = useQuery(DeliveriesQuery, { subscriptionId: subscription.id, status: (status ?? null) as 'FAILED' | null, after: stack.after });
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '操作失败');
    }
    await reload();
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          allowClear
          placeholder="推送状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            stack.reset();
          }}
          options={Object.entries(WEBHOOK_DELIVERY_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Button disabled={!subscription.active} onClick={() => void act(() => request(Ping, { subscriptionId: subscription.id }), '已发送测试推送')}>
          发送测试推送
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<Delivery>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={data?.webhookDeliveries?.edges.map((e) => e.node) ?? []}
        columns={[
          { title: '事件', render: (_, d) => <Typography.Text code>{d.eventType}</Typography.Text> },
          { title: '状态', render: (_, d) => <Tag color={STATUS_COLOR[d.status]}>{zh(WEBHOOK_DELIVERY_STATUS, d.status)}</Tag> },
          { title: '尝试次数', render: (_, d) => d.attempts },
          { title: '响应码', render: (_, d) => d.lastStatusCode ?? '无响应' },
          { title: '耗时', render: (_, d) => (d.lastDurationMs == null ? '—' : `${d.lastDurationMs} 毫秒`) },
          { title: '错误', render: (_, d) => d.lastError ?? '—' },
          { title: '创建时间', render: (_, d) => zhDate(d.createdAt) },
          { title: '送达时间', render: (_, d) => zhDate(d.deliveredAt) },
          {
            title: '操作',
            render: (_, d) =>
              d.status === 'FAILED' ? (
                <Button size="small" disabled={!subscription.active} onClick={() => void act(() => request(Redeliver, { deliveryId: d.id }), '已重新推送')}>
                  重新推送
                </Button>
              ) : null,
          },
        ]}
      />
      <Space>
        <Button size="small" disabled={stack.page <= 1} onClick={stack.back}>
          上一页
        </Button>
        <Button size="small" disabled={!data?.webhookDeliveries?.pageInfo.hasNextPage} onClick={() => stack.next(data?.webhookDeliveries?.pageInfo.endCursor)}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}

/**
 * 事件推送订阅: every key's webhook subscriptions (the integration makes them with its own key; the
 * API refuses a person), re-enable one disabled after failures, delete, test, and each delivery log.
 */
export default function WebhooksTab() {
  const { message } = App.useApp();
  const stack = useCursorStack();
  const { data, error, loading, reload } = useQuery(SubscriptionsQuery, { after: stack.after });
  const keyName = useMemo(() => new Map((data?.apiKeys?.edges ?? []).map((e) => [e.node.id, `${e.node.name}（crm_${e.node.prefix}_…）`])), [data]);
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '操作失败');
    }
    await reload();
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">订阅由对接系统用其 API 密钥（需“管理事件推送”权限）创建；此处可查看推送记录、测试、重新启用或删除。</Typography.Text>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<Subscription>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={data?.webhookSubscriptions?.edges.map((e) => e.node) ?? []}
        data-testid="webhook-table"
        expandable={{ expandedRowRender: (s) => <Deliveries subscription={s} /> }}
        columns={[
          { title: '密钥', render: (_, s) => keyName.get(s.apiKeyId) ?? '—' },
          { title: '推送地址', render: (_, s) => <Typography.Text code>{s.url}</Typography.Text> },
          { title: '事件', render: (_, s) => s.eventTypes.join('、') },
          {
            title: '状态',
            render: (_, s) =>
              s.active ? <Tag color="green">启用</Tag> : <Tag color="red">已停用（连续失败 {s.consecutiveFailures} 次，{zhDate(s.disabledAt)}）</Tag>,
          },
          { title: '创建时间', render: (_, s) => zhDate(s.createdAt) },
          {
            title: '操作',
            render: (_, s) => (
              <Space>
                {!s.active && (
                  <Button size="small" onClick={() => void act(() => request(EnableSubscription, { id: s.id }), '已重新启用')}>
                    重新启用
                  </Button>
                )}
                <Popconfirm title="删除此订阅？" description="不再向该地址推送事件。" okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => act(() => request(DeleteSubscription, { id: s.id }), '已删除')}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Space>
        <Button disabled={stack.page <= 1} onClick={stack.back}>
          上一页
        </Button>
        <Button disabled={!data?.webhookSubscriptions?.pageInfo.hasNextPage} onClick={() => stack.next(data?.webhookSubscriptions?.pageInfo.endCursor)}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
