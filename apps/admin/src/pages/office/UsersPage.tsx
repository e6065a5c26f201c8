import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { ROLE, zh, zhDate } from '../../i18n/zh';
import { useMe } from '../../session';
import { showFieldErrors } from '../../components/form-errors';
import { Forbidden } from './office-common';
import { HomeCountiesQuery, ROLE_SCOPE, ScopePicker } from './ScopePickers';
import { useSingleSubmit } from '../../components/use-single-submit';
import { Pager, useCursorStack } from '../../components/Pager';

const UsersQuery = graphql(`
  query AdminOfficeUsers($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id email displayName role active mustChangePassword lastLoginAt createdAt version
          scope { chamberId countyCode partyCommitteeId officialId }
        }
      }
    }
  }
`);
const CreateUser = graphql(`
  mutation AdminOfficeCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { temporaryPassword user { id email } }
  }
`);
const UpdateUser = graphql(`
  mutation AdminOfficeUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { id version }
  }
`);
const ResetPassword = graphql(`
  mutation AdminOfficeResetPassword($id: ID!) {
    resetUserPassword(id: $id) { temporaryPassword user { id email } }
  }
`);
type UserRow = NonNullable<ResultOf<typeof UsersQuery>['users']>['edges'][number]['node'];

const FORM_FIELDS = ['email', 'displayName', 'role', 'active', 'scope.chamberId', 'scope.countyCode', 'scope.partyCommitteeId', 'scope.officialId'] as const;
interface UserForm {
  email?: string;
  displayName: string;
  role: string;
  active?: boolean;
  scope?: Record<string, string | undefined>;
}

/** The scope input a role needs, from the form (only the role's own field). */
function scopeInput(values: UserForm) {
  const key = ROLE_SCOPE[values.role]?.key;
  return key ? { [key]: values.scope?.[key] ?? null } : {};
}

/** 用户 (administrators): accounts by role and state, create (temporary password shown once), edit, reset the password. */
export default function UsersPage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<string>();
  const [active, setActive] = useState<boolean>();
  const stack = useCursorStack();
  const filter = {
    ...(search.trim().length >= 2 ? { search: search.trim() } : {}),
    ...(role ? { role: role as 'ADMIN' } : {}),
    ...(active !== undefined ? { active } : {}),
  };
  const allowed = me.role === 'ADMIN';
  const { data, error, loading, reload } = useQuery(UsersQuery, { first: 20, after: stack.after, filter }, { skip: !allowed });
  const counties = useQuery(HomeCountiesQuery, {}, { skip: !allowed });
  const countyName = useMemo(() => new Map((counties.data?.homeCounties ?? []).map((c) => [c.code, c.name])), [counties.data]);
  const rows = data?.users?.edges.map((e) => e.node) ?? [];

  const [editing, setEditing] = useState<UserRow | 'new' | null>(null);
  const [form] = Form.useForm<UserForm>();
  const formRole = Form.useWatch('role', form);
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const showPassword = (title: string, email: string, password: string | null | undefined) =>
    modal.success({
      title,
      width: 520,
      content: (
        <div>
          <p>请将临时密码告知 {email}，首次登录时须修改密码。此密码只显示这一次，关闭后无法再查看：</p>
          <Typography.Text copyable={{ text: password ?? '' }} strong data-testid="temporary-password">
            {password}
          </Typography.Text>
        </div>
      ),
    });

  const open = (u: UserRow | 'new') => {
    setFormError(undefined);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ displayName: u.displayName, role: u.role, active: u.active, scope: { ...u.scope } as Record<string, string> });
    else form.setFieldsValue({ role: 'CHAMBER_SECRETARY' });
    setEditing(u);
  };

  const single = useSingleSubmit();
  const save = single(async (values: UserForm) => {
    setFormError(undefined);
    setSaving(true);
    try {
      if (editing === 'new') {
        const res = await request(CreateUser, {
          input: { email: values.email ?? '', displayName: values.displayName, role: values.role as 'ADMIN', scope: scopeInput(values) },
        });
        setEditing(null);
        showPassword('用户已创建', res.createUser.user.email, res.createUser.temporaryPassword);
      } else if (editing) {
        const roleChanged = values.role !== editing.role;
        const key = ROLE_SCOPE[values.role]?.key;
        const scopeChanged = key ? values.scope?.[key] !== editing.scope[key] : false;
        await request(UpdateUser, {
          id: editing.id,
          input: {
            version: editing.version,
            ...(values.displayName !== editing.displayName ? { displayName: values.displayName } : {}),
            ...(values.active !== editing.active ? { active: values.active } : {}),
            ...(roleChanged ? { role: values.role as 'ADMIN' } : {}),
            ...(roleChanged || scopeChanged ? { scope: scopeInput(values) } : {}),
          },
        });
        setEditing(null);
        message.success('已保存');
      }
      await reload();
    } catch (e) {
      if (e instanceof ApiError) {
        const rest = showFieldErrors(form, e, FORM_FIELDS);
        if (rest) setFormError(rest);
      } else setFormError('保存失败，请稍后再试');
    } finally {
      setSaving(false);
    }
  });

  const reset = async (u: UserRow) => {
    try {
      const res = await request(ResetPassword, { id: u.id });
      showPassword('密码已重置', res.resetUserPassword.user.email, res.resetUserPassword.temporaryPassword);
      await reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '操作失败');
    }
  };

  if (!allowed || error?.code === 'FORBIDDEN') return <Forbidden what="用户管理" />;
  const scopeText = (u: UserRow) => {
    if (u.scope.countyCode) return countyName.get(u.scope.countyCode) ?? '县市区';
    if (u.scope.chamberId) return <Link to={`/chamber/${u.scope.chamberId}`}>所属商会</Link>;
    if (u.scope.partyCommitteeId) return '党工委';
    if (u.scope.officialId) return '联系领导档案';
    return '全市';
  };
  const scopeMeta = ROLE_SCOPE[formRole ?? ''];
  const setFilter = (fn: () => void) => {
    fn();
    stack.reset();
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          用户
        </Typography.Title>
        <Button type="primary" onClick={() => open('new')} data-testid="user-add">
          新建用户
        </Button>
      </Space>
      <Space wrap>
        <Input.Search allowClear style={{ width: 280 }} placeholder="邮箱或姓名（至少两个字）" onSearch={(v) => setFilter(() => setSearch(v))} data-testid="user-search" />
        <Select allowClear placeholder="角色" style={{ width: 200 }} value={role} onChange={(v) => setFilter(() => setRole(v))} options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={active === undefined ? undefined : active ? 'on' : 'off'}
          onChange={(v) => setFilter(() => setActive(v === undefined ? undefined : v === 'on'))}
          options={[
            { value: 'on', label: '正常' },
            { value: 'off', label: '已停用' },
          ]}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<UserRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="user-table"
        columns={[
          { title: '姓名', render: (_, u) => u.displayName },
          { title: '邮箱', render: (_, u) => u.email },
          { title: '角色', render: (_, u) => zh(ROLE, u.role) },
          { title: '范围', render: (_, u) => scopeText(u) },
          {
            title: '状态',
            render: (_, u) => (
              <Space size={4}>
                {u.active ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
                {u.mustChangePassword && <Tag color="orange">待修改临时密码</Tag>}
              </Space>
            ),
          },
          { title: '最近登录', render: (_, u) => zhDate(u.lastLoginAt) },
          { title: '创建时间', render: (_, u) => zhDate(u.createdAt) },
          {
            title: '操作',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => open(u)} data-testid={`user-edit-${u.email}`}>
                  编辑
                </Button>
                <Popconfirm title={`重置 ${u.displayName} 的密码？`} description="原密码立即失效，该用户的所有会话将结束。" okText="重置" cancelText="取消" onConfirm={() => reset(u)}>
                  <Button size="small" danger>
                    重置密码
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Pager total={data?.users?.totalCount} unit="个用户" stack={stack} pageInfo={data?.users?.pageInfo} testId="user-total" />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新建用户' : `编辑用户 ${editing?.email ?? ''}`}
        okText={editing === 'new' ? '创建' : '保存'}
        cancelText="取消"
        confirmLoading={saving}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'user-save' } as Record<string, string>}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save} data-testid="user-form">
          {editing === 'new' && (
            <Form.Item label="邮箱（登录名）" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
              <Input data-testid="user-email" />
            </Form.Item>
          )}
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input data-testid="user-display-name" />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
            <Select data-testid="user-role" options={Object.entries(ROLE).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {scopeMeta && (
            <Form.Item label={scopeMeta.label} name={['scope', scopeMeta.key]} rules={[{ required: true, message: `请选择${scopeMeta.label}` }]}>
              <ScopePicker role={formRole ?? ''} />
            </Form.Item>
          )}
          {editing !== 'new' && (
            <Form.Item label="账号状态" name="active" valuePropName="checked">
              <Switch checkedChildren="正常" unCheckedChildren="停用" />
            </Form.Item>
          )}
          {editing === 'new' && <Typography.Paragraph type="secondary">创建后显示一次临时密码，用户首次登录须修改。</Typography.Paragraph>}
          {formError && <Alert type="error" showIcon message={formError} data-testid="user-form-error" />}
        </Form>
      </Modal>
    </Space>
  );
}
