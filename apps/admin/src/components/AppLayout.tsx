import { Button, Dropdown, Layout, Menu, MenuProps, Spin, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { AREAS } from '../areas';
import type { AreaMenuItem } from '../areas/types';
import { ROLE, zh } from '../i18n/zh';
import { MEMBER_IMPORTERS, MEMBER_READERS } from '../roles';
import { useMe, useSession } from '../session';
import { SignInDialog } from './SignInDialog';

/** The shell's own entries; module pages add theirs through src/areas. */
const CORE_MENU: AreaMenuItem[] = [
  { key: '/', label: '首页', order: 10 },
  { key: '/members', label: '会员', order: 20, roles: MEMBER_READERS },
  { key: '/chamber', label: '商会', order: 30 },
  { key: '/import', label: '导入导出', order: 40, roles: MEMBER_IMPORTERS },
  { key: '/staff', label: '工作人员账号', order: 90, roles: ['CHAMBER_SECRETARY'] },
];
const GROUP_LABEL = { work: '工作', office: '看板与管理' } as const;

/** The menu a role sees: ungrouped entries, then the groups, each in `order`. */
function menuFor(role: string): { items: NonNullable<MenuProps['items']>; keys: string[] } {
  const mine = [...CORE_MENU, ...AREAS.flatMap((a) => a.menu)]
    .filter((m) => !m.roles || m.roles.includes(role))
    .sort((a, b) => a.order - b.order);
  const link = (m: AreaMenuItem) => ({ key: m.key, label: <Link to={m.key}>{m.label}</Link> });
  const items: NonNullable<MenuProps['items']> = mine.filter((m) => !m.group).map(link);
  for (const group of ['work', 'office'] as const) {
    const children = mine.filter((m) => m.group === group).map(link);
    if (children.length) items.push({ type: 'group', key: group, label: GROUP_LABEL[group], children });
  }
  return { items, keys: mine.map((m) => m.key) };
}

export function AppLayout() {
  const me = useMe();
  const { signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const menu = useMemo(() => menuFor(me.role), [me.role]);
  // The longest entry the path starts with: /members/1 highlights 会员.
  const selected = menu.keys
    .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname === k || location.pathname.startsWith(`${k}/`)))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
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
        <div style={{ flex: 1 }} />
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
      <Layout>
        <Layout.Sider width={168} theme="light" breakpoint="lg" collapsedWidth={0} style={{ borderRight: '1px solid #eee' }}>
          <Menu mode="inline" selectedKeys={selected} items={menu.items} style={{ borderInlineEnd: 'none' }} data-testid="main-menu" />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <SignInDialog />
    </Layout>
  );
}
