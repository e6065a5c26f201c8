import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, request } from '../api/client';
import { graphql } from '../api/graphql';
import { useMe, useSession } from '../session';

const ChangePassword = graphql(`
  mutation AdminChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) { accessToken expiresIn }
  }
`);

export default function ChangePasswordPage() {
  const me = useMe();
  const { accept, reloadMe } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const data = await request(ChangePassword, { input: { currentPassword: v.currentPassword, newPassword: v.newPassword } });
      accept(data.changePassword);
      await reloadMe();
      navigate('/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = Object.entries(e.fieldErrors).map(([f, m]) => ({ name: f.replace(/^input\./, ''), errors: [m] }));
        if (fields.length) form.setFields(fields);
        else setError(e.messageZh);
      } else setError('修改失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="修改密码" style={{ maxWidth: 460 }}>
      {me.mustChangePassword && <Alert type="warning" showIcon message="您正在使用临时密码，请先设置新密码。" style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          保存新密码
        </Button>
      </Form>
    </Card>
  );
}
