import { Card, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { SignInForm } from '../components/SignInForm';

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  // Only paths inside the app: `next` never leads off-site.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          温商会员管理 · 登录
        </Typography.Title>
        <SignInForm onSignedIn={(me) => navigate(me.mustChangePassword ? '/change-password' : target, { replace: true })} />
      </Card>
    </div>
  );
}
