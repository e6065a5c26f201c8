import { Alert, App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, request } from '../api/client';
import { graphql, ResultOf } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { zhDate } from '../i18n/zh';
import { useMe } from '../session';

const StaffQuery = graphql(`
  query AdminStaff {
    staffAccounts { id email displayName active mustChangePassword lastLoginAt version }
  }
`);
const CreateStaff = graphql(`
  mutation AdminCreateStaff($input: CreateStaffAccountInput!) {
    createStaffAccount(input: $input) { temporaryPassword user { id email } }
  }
`);
const SetActive = graphql(`
  mutation AdminSetStaffActive($id: ID!, $input: SetStaffAccountActiveInput!) {
    setStaffAccountActive(id: $id, input: $input) { id active version }
  }
`);
type Staff = NonNullable<ResultOf<typeof StaffQuery>['staffAccounts']>[number];

/** 工作人员账号: the secretariat's own accounts; add one (temporary password shown once), disable, enable. */
export default function StaffPage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const { data, error, loading, reload } = useQuery(StaffQuery, {});
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ email: string; displayName: string }>();
  const [formError, setFormError] = useState<string>();

  const add = async (v: { email: string; displayName: string }) => {
    setFormError(undefined);
    try {
      const res = await request(CreateStaff, { input: v });
      setAdding(false);
      form.resetFields();
      await reload();
      modal.success({
        title: '账号已创建',
        content: (
          <div>
            <p>请将临时密码告知 {res.createStaffAccount.user.email}，首次登录时须修改密码。此密码只显示这一次：</p>
            <Typography.Text copyable strong data-testid="temporary-password">
              {res.createStaffAccount.temporaryPassword}
            </Typography.Text>
          </div>
        ),
      });
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = Object.entries(e.fieldErrors).map(([f, m]) => ({ name: f.replace(/^input\./, '') as 'email', errors: [m] }));
        if (fields.length) form.setFields(fields);
        else setFormError(e.messageZh);
      } else setFormError('创建失败，请稍后再试');
    }
  };
  const toggle = async (u: Staff) => {
    try {
      await request(SetActive, { id: u.id, input: { active: !u.active, version: u.version } });
      message.success(u.active ? '已停用' : '已启用');
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '操作失败');
    }
    await reload();
  };

  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          工作人员账号
        </Typography.Title>
        <Button type="primary" onClick={() => setAdding(true)}>
          添加账号
        </Button>
      </Space>
      <Table<Staff>
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={data?.staffAccounts ?? []}
        columns={[
          { title: '姓名', render: (_, u) => u.displayName },
          { title: '邮箱', render: (_, u) => u.email },
          { title: '状态', render: (_, u) => (u.active ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>) },
          { title: '最近登录', render: (_, u) => zhDate(u.lastLoginAt) },
          { title: '', render: (_, u) => (u.mustChangePassword ? <Tag color="orange">待修改临时密码</Tag> : null) },
          {
            title: '操作',
            render: (_, u) =>
              u.id === me.id ? (
                <Typography.Text type="secondary">本人</Typography.Text>
              ) : (
                <Button size="small" danger={u.active} onClick={() => void toggle(u)}>
                  {u.active ? '停用' : '启用'}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={adding} title="添加本会工作人员账号" okText="创建" cancelText="取消" onCancel={() => setAdding(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={add}>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, message: '请输入姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="邮箱（登录名）" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
            <Input />
          </Form.Item>
          {formError && <Alert type="error" showIcon message={formError} />}
        </Form>
      </Modal>
    </Space>
  );
}
