import { PartyManagerKind, PartyOrgKind } from '@crm/party';

/** Demo working committees (党工委): the host chamber by demo key. 江苏 and 四川 sit in their capitals' chambers. */
export const DEMO_COMMITTEES: readonly { key: string; name: string; host: string; foundedOn: string }[] = [
  { key: 'shanghai', name: '中共上海市温州商会工作委员会', host: 'shanghai', foundedOn: '2011-07-01' },
  { key: 'guangdong', name: '中共广东省温州商会工作委员会', host: 'guangdong', foundedOn: '2012-06-28' },
  { key: 'jiangsu', name: '中共江苏温州商会工作委员会', host: 'nanjing', foundedOn: '2012-09-18' },
  { key: 'sichuan', name: '中共四川温州商会工作委员会', host: 'chengdu', foundedOn: '2013-05-20' },
];

export interface DemoUnit {
  key: string;
  name: string;
  kind: PartyOrgKind;
  /** A committee key, or a unit key (parent) — exactly one. */
  committee?: string;
  parent?: string;
  chambers: string[];
  managers?: { bodyKind: PartyManagerKind; bodyName: string; role: string; chamber?: string; regionCode?: string }[];
}

/** Units of every kind, 一方隶属 to a committee or a higher unit, with 多方管理 bodies on some. */
export const DEMO_UNITS: readonly DemoUnit[] = [
  {
    key: 'sh-committee', name: '中共上海市温州商会委员会', kind: PartyOrgKind.Committee, committee: 'shanghai', chambers: ['shanghai'],
    managers: [{ bodyKind: PartyManagerKind.HostChamber, bodyName: '上海市温州商会', role: '日常管理、活动阵地', chamber: 'shanghai' }],
  },
  { key: 'pudong-general', name: '中共上海市浦东新区温州商会总支部委员会', kind: PartyOrgKind.GeneralBranch, parent: 'sh-committee', chambers: ['pudong'] },
  {
    key: 'pudong-branch', name: '中共浦东新区温州商会第一支部委员会', kind: PartyOrgKind.Branch, parent: 'pudong-general', chambers: [],
    managers: [{ bodyKind: PartyManagerKind.LocalPartyCommittee, bodyName: '中共上海市浦东新区社会工作委员会', role: '属地指导' }],
  },
  { key: 'minhang-branch', name: '中共上海市闵行区温州商会支部委员会', kind: PartyOrgKind.Branch, parent: 'sh-committee', chambers: ['minhang'] },
  { key: 'sh-youth', name: '中共上海市温州商会青年分会拓展型支部委员会', kind: PartyOrgKind.ExpandedBranch, committee: 'shanghai', chambers: ['shanghai-youth'] },
  {
    key: 'shenzhen-branch', name: '中共深圳市温州商会支部委员会', kind: PartyOrgKind.Branch, committee: 'guangdong', chambers: ['shenzhen'],
    managers: [
      { bodyKind: PartyManagerKind.HostChamber, bodyName: '深圳市温州商会', role: '日常管理', chamber: 'shenzhen' },
      { bodyKind: PartyManagerKind.CountyOrganizationDepartment, bodyName: '中共温州市鹿城区委组织部', role: '组织关系接转', regionCode: '330302' },
    ],
  },
  { key: 'gz-dg-joint', name: '中共广州东莞温州商会联合支部委员会', kind: PartyOrgKind.JointBranch, committee: 'guangdong', chambers: ['guangzhou', 'dongguan'] },
  { key: 'suzhou-branch', name: '中共苏州市温州商会支部委员会', kind: PartyOrgKind.Branch, committee: 'jiangsu', chambers: ['suzhou'] },
  { key: 'js-expanded', name: '中共江苏温商拓展型支部委员会', kind: PartyOrgKind.ExpandedBranch, committee: 'jiangsu', chambers: [] },
  { key: 'chengdu-branch', name: '中共成都市温州商会支部委员会', kind: PartyOrgKind.Branch, committee: 'sichuan', chambers: ['chengdu'] },
];

/** Branches that get members and meetings (members attend branches). */
export const DEMO_BRANCHES = ['pudong-branch', 'minhang-branch', 'sh-youth', 'shenzhen-branch', 'gz-dg-joint', 'suzhou-branch', 'js-expanded', 'chengdu-branch'] as const;

/** Standalone party members (not merchants in the base): name, gender, birth date, branch, mobile destination. */
export const DEMO_PARTY_PEOPLE: readonly { name: string; gender: 'MALE' | 'FEMALE'; birthDate: string; branch: string; mobileTo?: string }[] = [
  { name: '周建军', gender: 'MALE', birthDate: '1972-03-14', branch: 'pudong-branch', mobileTo: '上海市浦东新区' },
  { name: '吴晓燕', gender: 'FEMALE', birthDate: '1981-08-02', branch: 'pudong-branch', mobileTo: '上海市浦东新区' },
  { name: '徐国平', gender: 'MALE', birthDate: '1968-11-30', branch: 'pudong-branch' },
  { name: '黄丽萍', gender: 'FEMALE', birthDate: '1985-05-21', branch: 'minhang-branch', mobileTo: '上海市闵行区' },
  { name: '郑志强', gender: 'MALE', birthDate: '1976-02-09', branch: 'minhang-branch', mobileTo: '上海市闵行区' },
  { name: '林海燕', gender: 'FEMALE', birthDate: '1990-09-17', branch: 'sh-youth', mobileTo: '上海市黄浦区' },
  { name: '陈晓东', gender: 'MALE', birthDate: '1992-12-01', branch: 'sh-youth', mobileTo: '上海市徐汇区' },
  { name: '王秀英', gender: 'FEMALE', birthDate: '1970-04-25', branch: 'shenzhen-branch', mobileTo: '广东省深圳市' },
  { name: '李建华', gender: 'MALE', birthDate: '1974-07-07', branch: 'shenzhen-branch', mobileTo: '广东省深圳市' },
  { name: '张海波', gender: 'MALE', birthDate: '1979-10-13', branch: 'gz-dg-joint', mobileTo: '广东省东莞市' },
  { name: '金美玲', gender: 'FEMALE', birthDate: '1983-01-29', branch: 'gz-dg-joint', mobileTo: '广东省广州市' },
  { name: '潘志伟', gender: 'MALE', birthDate: '1977-06-16', branch: 'suzhou-branch', mobileTo: '江苏省苏州市' },
  { name: '叶丽君', gender: 'FEMALE', birthDate: '1988-03-03', branch: 'suzhou-branch' },
  { name: '胡国庆', gender: 'MALE', birthDate: '1969-10-01', branch: 'js-expanded', mobileTo: '江苏省南京市' },
  { name: '蔡晓芳', gender: 'FEMALE', birthDate: '1986-02-14', branch: 'chengdu-branch', mobileTo: '四川省成都市' },
  { name: '谢建平', gender: 'MALE', birthDate: '1973-09-09', branch: 'chengdu-branch', mobileTo: '四川省成都市' },
];
