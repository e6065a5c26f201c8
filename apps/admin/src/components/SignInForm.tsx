import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { Me, useSession } from '../session';

/** Email and password; the API's refusal shown in Chinese above the button. */
export function SignInForm({ onSignedIn, email }: { onSignedIn(me: Me): void; email?: string }) {
  const { signIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(values.email.trim(), values.password));
    } catch (e) {
      setError(signInErrorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} initialValues={{ email }} requiredMark={false}>
      <Form.Item label="邮箱" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
        <Input autoComplete="username" data-testid="login-email" />
      </Form.Item>
      <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
        <Input.Password autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
        登录
      </Button>
    </Form>
  );
}

/** The API's Chinese message; for throttling, with the wait in minutes and seconds. */
export function signInErrorText(e: unknown): string {
  if (!(e instanceof ApiError)) return '登录失败，请稍后再试';
  if (e.code === 'TOO_MANY_REQUESTS' && e.retryAfterSeconds) {
    const s = e.retryAfterSeconds;
    const wait = s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`;
    return `登录失败次数过多，请 ${wait}后再试`;
  }
  return e.messageZh;
}
