import type { Area } from './types';

/** Pages: 通知与报送, 会议报名 and the inbox of what awaits the chamber. */
export const flowArea: Area = {
  routes: [],
  menu: [],
};
