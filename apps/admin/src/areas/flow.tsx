import { lazy } from 'react';
import type { Area } from './types';

// Each page its own chunk: none lands in the first page's JavaScript.
const NoticesPage = lazy(() => import('../pages/flow/NoticesPage'));
const NoticePage = lazy(() => import('../pages/flow/NoticePage'));
const SendNoticePage = lazy(() => import('../pages/flow/SendNoticePage'));
const RequestPage = lazy(() => import('../pages/flow/RequestPage'));
const MeetingsPage = lazy(() => import('../pages/flow/MeetingsPage'));
const MeetingPage = lazy(() => import('../pages/flow/MeetingPage'));
const TodosPage = lazy(() => import('../pages/flow/TodosPage'));

/** Roles with notice:read, event:read (every role but the project officials). */
const FLOW_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PARTY_OFFICER', 'VIEWER'];

/** Pages: 通知与报送 (with 向上报送), 会议报名 and the inbox of what awaits the chamber (待办). */
export const flowArea: Area = {
  routes: [
    { path: 'notices', element: <NoticesPage /> },
    { path: 'notices/new', element: <SendNoticePage /> },
    { path: 'notices/requests/:id', element: <RequestPage /> },
    { path: 'notices/:id', element: <NoticePage /> },
    { path: 'meetings', element: <MeetingsPage /> },
    { path: 'meetings/:id', element: <MeetingPage /> },
    { path: 'todos', element: <TodosPage /> },
  ],
  menu: [
    { key: '/todos', label: '待办', order: 15, roles: ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PARTY_OFFICER'] },
    { key: '/notices', label: '通知与报送', order: 60, group: 'work', roles: FLOW_ROLES },
    { key: '/meetings', label: '会议报名', order: 62, group: 'work', roles: FLOW_ROLES },
  ],
};
