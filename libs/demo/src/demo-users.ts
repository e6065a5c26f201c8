import { Role } from '@crm/auth';

export interface DemoUser {
  email: string;
  displayName: string;
  role: Role;
  countyCode?: string;
}

/**
 * Demo accounts for the roles whose scope exists so far. Chamber secretaries, party officers
 * and project officials arrive with the chamber, party and investment modules.
 * County codes are real GB/T 2260 divisions of Wenzhou (330300).
 */
export const DEMO_USERS: DemoUser[] = [
  { email: 'lucheng@demo.crm', displayName: '陈晓东（鹿城区经合办）', role: Role.CountyOfficer, countyCode: '330302' },
  { email: 'ruian@demo.crm', displayName: '林海燕（瑞安市经合办）', role: Role.CountyOfficer, countyCode: '330381' },
  { email: 'yueqing@demo.crm', displayName: '郑国强（乐清市经合办）', role: Role.CountyOfficer, countyCode: '330382' },
  { email: 'yongjia@demo.crm', displayName: '潘丽娟（永嘉县经合办）', role: Role.CountyOfficer, countyCode: '330324' },
  { email: 'viewer@demo.crm', displayName: '黄志明（只读）', role: Role.Viewer },
];
