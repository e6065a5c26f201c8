import type { Area } from './types';

/** Pages: 党组织, 走访与意见建议, 荣誉提名. */
export const partyArea: Area = {
  routes: [],
  menu: [],
};
