import { lazy } from 'react';
import type { Area } from './types';

const DashboardsPage = lazy(() => import('../pages/office/DashboardsPage'));
const UsersPage = lazy(() => import('../pages/office/UsersPage'));
const ApiKeysPage = lazy(() => import('../pages/office/ApiKeysPage'));
const AuditPage = lazy(() => import('../pages/office/AuditPage'));

/** Pages: 数据看板 and, for administrators, users, API keys and the audit log. */
export const officeArea: Area = {
  routes: [
    { path: 'dashboards', element: <DashboardsPage /> },
    { path: 'users', element: <UsersPage /> },
    { path: 'api-keys', element: <ApiKeysPage /> },
    { path: 'audit', element: <AuditPage /> },
  ],
  menu: [
    { key: '/dashboards', label: '数据看板', order: 200, group: 'office', roles: ['ADMIN', 'COUNTY_OFFICER', 'PARTY_OFFICER'] },
    { key: '/users', label: '用户', order: 210, group: 'office', roles: ['ADMIN'] },
    { key: '/api-keys', label: 'API 密钥', order: 220, group: 'office', roles: ['ADMIN'] },
    { key: '/audit', label: '审计日志', order: 230, group: 'office', roles: ['ADMIN'] },
  ],
};
