import { lazy } from 'react';
import type { Area } from './types';

const ProjectsPage = lazy(() => import('../pages/investment/ProjectsPage'));

/** Roles that read projects (project:read); the API scopes what each sees. */
const PROJECT_READERS = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PROJECT_OFFICIAL', 'VIEWER'];

/** Pages: 回归项目. */
export const investmentArea: Area = {
  routes: [{ path: 'projects', element: <ProjectsPage /> }],
  menu: [{ key: '/projects', label: '回归项目', roles: PROJECT_READERS, order: 60, group: 'work' }],
};
