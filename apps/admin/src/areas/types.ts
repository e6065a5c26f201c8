import type { ReactNode } from 'react';

/**
 * A page area of the UI (a module's pages): its routes inside the signed-in layout and its menu
 * entries. Each area lives in its own file under src/areas and is listed once in areas/index.ts,
 * so a module's pages are added without touching the app shell.
 */
export interface AreaRoute {
  /** Relative to /admin, without a leading slash: `projects/:id`. */
  path: string;
  element: ReactNode;
}

export interface AreaMenuItem {
  /** The route the entry opens (`/projects`); also how the entry is highlighted. */
  key: string;
  label: string;
  /** The roles that see the entry; every role when absent. The API decides what they may do. */
  roles?: readonly string[];
  /** Place in the menu: lower first. Core entries: 首页 10, 会员 20, 商会 30, 导入导出 40, 工作人员账号 90. */
  order: number;
  /** A group heading the entry sits under (工作 / 看板与管理); ungrouped entries come first. */
  group?: 'work' | 'office';
}

export interface Area {
  routes: AreaRoute[];
  menu: AreaMenuItem[];
}
