import type { Area } from './types';

/** Pages: 回归项目. */
export const investmentArea: Area = {
  routes: [],
  menu: [],
};
