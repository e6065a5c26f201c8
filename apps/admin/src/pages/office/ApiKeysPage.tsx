import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { API_KEY_SCOPE } from '../../i18n/zh-office';
import { useMe } from '../../session';
import { showFieldErrors } from '../../components/form-errors';
import { Forbidden } from './office-common';
import { ChamberPicker, CountyPicker, HomeCountiesQuery } from './ScopePickers';
import { useSingleSubmit } from '../../components/use-single-submit';

const WebhooksTab = lazy(() => import('./WebhooksTab'));

const ApiKeysQuery = graphql(`
  query AdminOfficeApiKeys($first: Int!, $after: String) {
    apiKeys(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id prefix name scopes chamberId countyCode rateLimitPerMinute expiresAt lastUsedAt revokedAt createdAt } }
    }
  }
`);
const CreateKey = graphql(`
  mutation AdminOfficeCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { key apiKey { id prefix name } }
  }
`);
const RevokeKey = graphql(`
  mutation AdminOfficeRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { id revokedAt }
  }
`);
type KeyRow = NonNullable<ResultOf<typeof ApiKeysQuery>['apiKeys']>['edges'][number]['node'];

const FORM_FIELDS = ['name', 'scopes', 'chamberId', 'countyCode', 'rateLimitPerMinute', 'expiresAt'] as const;
interface KeyForm {
  name: string;
  scopes: string[];
  restriction: 'none' | 'chamber' | 'county';
  chamberId?: string;
  countyCode?: string;
  rateLimitPerMinute?: number;
  expiresAt?: Dayjs;
}

function KeysTab() {
  const { message, modal } = App.useApp();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, error, loading, reload } = useQuery(ApiKeysQuery, { first: 20, after: cursors[cursors.length - 1] });
  const counties = useQuery(HomeCountiesQuery, {});
  const countyName = useMemo(() => new Map((counties.data?.homeCounties ?? []).map((c) => [c.code, c.name])), [counties.data]);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<KeyForm>();
  const restriction = Form.useWatch('restriction', form);
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const single = useSingleSubmit();
  const create = single(async (v: KeyForm) => {
    setFormError(undefined);
    setSaving(true);
    try {
      const res = await request(CreateKey, {
        input: {
          name: v.name,
          scopes: v.scopes as 'MEMBERS_READ'[],
          ...(v.restriction === 'chamber' && v.chamberId ? { chamberId: v.chamberId } : {}),
          ...(v.restriction === 'county' && v.countyCode ? { countyCode: v.countyCode } : {}),
          ...(v.rateLimitPerMinute ? { rateLimitPerMinute: v.rateLimitPerMinute } : {}),
          ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}),
        },
      });
      setCreating(false);
      await reload();
      modal.warning({
        title: 'API 密钥已创建',
        width: 600,
        okText: '我已保存',
        content: (
          <div data-testid="api-key-created">
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message="请立即复制并妥善保存此密钥。它只显示这一次，关闭后无法再查看；遗失只能撤销后重新创建。"
            />
            <p>「{res.createApiKey.apiKey.name}」的密钥：</p>
            <Typography.Paragraph copyable={{ text: res.createApiKey.key, tooltips: ['复制', '已复制'] }} code data-testid="api-key-secret" style={{ wordBreak: 'break-all' }}>
              {res.createApiKey.key}
            </Typography.Paragraph>
          </div>
        ),
      });
    } catch (e) {
      if (e instanceof ApiError) {
        const rest = showFieldErrors(form, e, FORM_FIELDS);
        if (rest) setFormError(rest);
      } else setFormError('创建失败，请稍后再试');
    } finally {
      setSaving(false);
    }
  });

  const revoke = async (k: KeyRow) => {
    try {
      await request(RevokeKey, { id: k.id });
      message.success(`已撤销「${k.name}」`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '操作失败');
    }
    await reload();
  };

  if (error?.code === 'FORBIDDEN') return <Forbidden what="API 密钥" />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">对接系统（如温商信息服务平台、县市区数据平台）用 API 密钥读取数据；密钥只在创建时显示一次。</Typography.Text>
        <Button
          type="primary"
          data-testid="api-key-add"
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ restriction: 'none', scopes: [] });
            setFormError(undefined);
            setCreating(true);
          }}
        >
          创建密钥
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<KeyRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={data?.apiKeys?.edges.map((e) => e.node) ?? []}
        data-testid="api-key-table"
        columns={[
          { title: '名称', render: (_, k) => k.name },
          { title: '前缀', render: (_, k) => <Typography.Text code>crm_{k.prefix}_…</Typography.Text> },
          {
            title: '权限',
            render: (_, k) => (
              <Space size={[4, 4]} wrap>
                {k.scopes.map((s) => (
                  <Tag key={s}>{zh(API_KEY_SCOPE, s)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '数据范围',
            render: (_, k) =>
              k.countyCode ? `限 ${countyName.get(k.countyCode) ?? '指定县市区'}` : k.chamberId ? <Link to={`/chamber/${k.chamberId}`}>限此商会及其下级</Link> : '不限',
          },
          { title: '每分钟请求上限', render: (_, k) => k.rateLimitPerMinute },
          { title: '最近使用', render: (_, k) => zhDate(k.lastUsedAt) },
          { title: '有效期至', render: (_, k) => (k.expiresAt ? zhDate(k.expiresAt) : '长期') },
          {
            title: '状态',
            render: (_, k) =>
              k.revokedAt ? (
                <Tag data-testid="api-key-revoked">已撤销（{zhDate(k.revokedAt)}）</Tag>
              ) : k.expiresAt && dayjs(k.expiresAt).isBefore(dayjs()) ? (
                <Tag>已过期</Tag>
              ) : (
                <Tag color="green">有效</Tag>
              ),
          },
          {
            title: '操作',
            render: (_, k) =>
              k.revokedAt ? null : (
                <Popconfirm
                  title={`撤销「${k.name}」？`}
                  description="撤销后使用此密钥的请求立即被拒绝，且不可恢复。"
                  okText="撤销"
                  okButtonProps={{ danger: true, ...({ 'data-testid': 'api-key-revoke-confirm' } as Record<string, string>) }}
                  cancelText="取消"
                  onConfirm={() => revoke(k)}
                >
                  <Button size="small" danger data-testid={`api-key-revoke-${k.prefix}`}>
                    撤销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">
          共 {data?.apiKeys?.totalCount ?? 0} 个密钥 · 第 {cursors.length} 页
        </Typography.Text>
        <Space>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            上一页
          </Button>
          <Button disabled={!data?.apiKeys?.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, data?.apiKeys?.pageInfo.endCursor ?? null])}>
            下一页
          </Button>
        </Space>
      </Space>
      <Modal
        open={creating}
        title="创建 API 密钥"
        okText="创建"
        cancelText="取消"
        confirmLoading={saving}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'api-key-save' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item label="名称（给谁用）" name="name" rules={[{ required: true, message: '请输入名称' }]}>
            <Input placeholder="如：温商信息服务平台" data-testid="api-key-name" />
          </Form.Item>
          <Form.Item label="权限" name="scopes" rules={[{ required: true, message: '请至少选择一项权限' }]}>
            <Select mode="multiple" data-testid="api-key-scopes" options={Object.entries(API_KEY_SCOPE).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="数据范围" name="restriction">
            <Radio.Group
              options={[
                { value: 'none', label: '不限' },
                { value: 'chamber', label: '限一个商会及其下级' },
                { value: 'county', label: '限一个县市区' },
              ]}
            />
          </Form.Item>
          {restriction === 'chamber' && (
            <Form.Item label="商会" name="chamberId" rules={[{ required: true, message: '请选择商会' }]}>
              <ChamberPicker />
            </Form.Item>
          )}
          {restriction === 'county' && (
            <Form.Item label="县市区" name="countyCode" rules={[{ required: true, message: '请选择县市区' }]}>
              <CountyPicker />
            </Form.Item>
          )}
          <Form.Item label="每分钟请求上限（留空用默认值）" name="rateLimitPerMinute">
            <InputNumber min={1} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="有效期至（留空为长期）" name="expiresAt">
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          {formError && <Alert type="error" showIcon message={formError} data-testid="api-key-form-error" />}
        </Form>
      </Modal>
    </Space>
  );
}

/** API 密钥 (administrators): keys for machine clients (secret shown once, revoke), and the webhook subscriptions made with them. */
export default function ApiKeysPage() {
  const me = useMe();
  if (me.role !== 'ADMIN') return <Forbidden what="API 密钥" />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        API 密钥
      </Typography.Title>
      <Tabs
        items={[
          { key: 'keys', label: '密钥', children: <KeysTab /> },
          {
            key: 'webhooks',
            label: '事件推送订阅',
            children: (
              <Suspense fallback={null}>
                <WebhooksTab />
              </Suspense>
            ),
          },
        ]}
      />
    </Space>
  );
}
