import { Button, Dropdown, Layout, Menu, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ROLE, zh } from '../i18n/zh';
import { useMe, useSession } from '../session';
import { SignInDialog } from './SignInDialog';

const MENU = [
  { key: '/', label: <Link to="/">首页</Link> },
  { key: '/members', label: <Link to="/members">会员</Link> },
  { key: '/chamber', label: <Link to="/chamber">商会</Link> },
];
const IMPORT_MENU = [{ key: '/import', label: <Link to="/import">导入导出</Link> }];
const SECRETARIAT_MENU = [{ key: '/staff', label: <Link to="/staff">工作人员账号</Link> }];
/** Roles that import and export members (MEMBER_IMPORT); the others do not see the page. */
const IMPORTERS = new Set(['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY']);

export function AppLayout() {
  const me = useMe();
  const { signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const menu = [...MENU, ...(IMPORTERS.has(me.role) ? IMPORT_MENU : []), ...(me.role === 'CHAMBER_SECRETARY' ? SECRETARIAT_MENU : [])];
  const selected = menu.map((m) => m.key).filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)));
  const out = async (everywhere: boolean) => {
    await signOut(everywhere);
    navigate('/login', { replace: true });
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#fff', borderBottom: '1px solid #eee' }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: 'nowrap' }}>
          温商会员管理
        </Typography.Title>
        <Menu mode="horizontal" selectedKeys={selected} items={menu} style={{ flex: 1, borderBottom: 'none' }} />
        <Dropdown
          menu={{
            items: [
              { key: 'pw', label: <Link to="/change-password">修改密码</Link> },
              { key: 'out', label: '退出登录', onClick: () => void out(false) },
              { key: 'all', label: '退出所有设备', onClick: () => void out(true) },
            ],
          }}
        >
          <Button type="text" data-testid="user-menu">
            {me.displayName}（{zh(ROLE, me.role)}）
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <SignInDialog />
    </Layout>
  );
}
