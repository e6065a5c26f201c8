import type { Area } from './types';

/** Pages: 数据看板 and, for administrators, users, API keys and the audit log. */
export const officeArea: Area = {
  routes: [],
  menu: [],
};
