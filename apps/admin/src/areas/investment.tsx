import { lazy } from 'react';
import type { Area } from './types';

const ProjectsPage = lazy(() => import('../pages/investment/ProjectsPage'));
const ProjectPage = lazy(() => import('../pages/investment/ProjectPage'));
const ProjectFormPage = lazy(() => import('../pages/investment/ProjectFormPage'));
const ProjectReportPage = lazy(() => import('../pages/investment/ProjectReportPage'));

/** Roles that read projects (project:read); the API scopes what each sees. */
const PROJECT_READERS = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PROJECT_OFFICIAL', 'VIEWER'];
/** Roles with the reports (project:report). */
const REPORT_READERS = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'VIEWER'];

/** Pages: 回归项目 (list, project, create and edit) and 项目报表. */
export const investmentArea: Area = {
  routes: [
    { path: 'projects', element: <ProjectsPage /> },
    { path: 'projects/new', element: <ProjectFormPage /> },
    { path: 'projects/report', element: <ProjectReportPage /> },
    { path: 'projects/:id', element: <ProjectPage /> },
    { path: 'projects/:id/edit', element: <ProjectFormPage /> },
  ],
  menu: [
    { key: '/projects', label: '回归项目', roles: PROJECT_READERS, order: 60, group: 'work' },
    { key: '/projects/report', label: '项目报表', roles: REPORT_READERS, order: 61, group: 'work' },
  ],
};
