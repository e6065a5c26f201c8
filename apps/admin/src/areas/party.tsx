import { lazy } from 'react';
import type { Area } from './types';

const PartyPage = lazy(() => import('../pages/party/PartyPage'));
const PartyUnitPage = lazy(() => import('../pages/party/PartyUnitPage'));
const VisitsPage = lazy(() => import('../pages/party/VisitsPage'));
const VisitPage = lazy(() => import('../pages/party/VisitPage'));
const OpinionsPage = lazy(() => import('../pages/party/OpinionsPage'));
const OpinionPage = lazy(() => import('../pages/party/OpinionPage'));
const OpinionFormPage = lazy(() => import('../pages/party/OpinionFormPage'));
const HonoursPage = lazy(() => import('../pages/party/HonoursPage'));

/** Who sees each entry (the API's permissions: party:read, visit:read, feedback:read, honor:read); the API decides the rest. */
const PARTY_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PARTY_OFFICER', 'VIEWER'] as const;
const VISIT_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'PROJECT_OFFICIAL', 'VIEWER'] as const;
const HONOR_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY', 'VIEWER'] as const;

/** Pages: 党组织, 走访与意见建议, 荣誉提名. */
export const partyArea: Area = {
  routes: [
    { path: 'party', element: <PartyPage /> },
    { path: 'party/:id', element: <PartyUnitPage /> },
    { path: 'visits', element: <VisitsPage /> },
    { path: 'visits/:id', element: <VisitPage /> },
    { path: 'opinions', element: <OpinionsPage /> },
    { path: 'opinions/new', element: <OpinionFormPage /> },
    { path: 'opinions/:id', element: <OpinionPage /> },
    { path: 'honours', element: <HonoursPage /> },
  ],
  menu: [
    { key: '/party', label: '党组织', roles: PARTY_ROLES, order: 50, group: 'work' },
    { key: '/visits', label: '走访', roles: VISIT_ROLES, order: 51, group: 'work' },
    { key: '/opinions', label: '意见建议', roles: VISIT_ROLES, order: 52, group: 'work' },
    { key: '/honours', label: '荣誉提名', roles: HONOR_ROLES, order: 53, group: 'work' },
  ],
};
