import { ChamberKind, ChamberLevel, ChamberStatus, GuildHallStatus, PositionType } from '@crm/chamber';

export interface DemoChamber {
  key: string;
  name: string;
  level: ChamberLevel;
  kind: ChamberKind;
  regionCode: string | null;
  parent: string | null;
  foundedOn: string | null;
  status?: ChamberStatus;
  address?: string;
  phone?: string;
}

const { National, Provincial, Prefecture, County } = ChamberLevel;
const { Regional, Industry, Youth } = ChamberKind;

/**
 * A small, realistic "1+31+X" network over real GB/T 2260 codes, parents before children.
 * Names follow how such chambers are usually called; dates are plausible, not historical.
 */
export const DEMO_CHAMBERS: DemoChamber[] = [
  { key: 'national', name: '全国温州商会联合总会', level: National, kind: Regional, regionCode: null, parent: null, foundedOn: '2012-11-18' },
  { key: 'shanghai', name: '上海市温州商会', level: Provincial, kind: Regional, regionCode: '310000', parent: 'national', foundedOn: '1995-03-12', address: '上海市黄浦区延安东路 588 号', phone: '021-6328 0000' },
  { key: 'beijing', name: '北京温州企业商会', level: Provincial, kind: Regional, regionCode: '110000', parent: 'national', foundedOn: '1996-09-20' },
  { key: 'tianjin', name: '天津市温州商会', level: Provincial, kind: Regional, regionCode: '120000', parent: 'national', foundedOn: '2001-05-08' },
  { key: 'chongqing', name: '重庆市温州商会', level: Provincial, kind: Regional, regionCode: '500000', parent: 'national', foundedOn: '2002-10-16' },
  { key: 'guangdong', name: '广东省温州商会', level: Provincial, kind: Regional, regionCode: '440000', parent: 'national', foundedOn: '2003-06-28', address: '广州市天河区体育西路 191 号', phone: '020-3878 0000' },
  { key: 'jiangsu', name: '江苏省温州商会', level: Provincial, kind: Regional, regionCode: '320000', parent: 'national', foundedOn: '2004-04-18' },
  { key: 'sichuan', name: '四川省温州商会', level: Provincial, kind: Regional, regionCode: '510000', parent: 'national', foundedOn: '2005-08-08' },
  { key: 'yunnan', name: '云南省温州商会', level: Provincial, kind: Regional, regionCode: '530000', parent: 'national', foundedOn: '2006-12-02' },
  { key: 'hubei', name: '湖北省温州商会', level: Provincial, kind: Regional, regionCode: '420000', parent: 'national', foundedOn: '2007-03-26' },
  { key: 'shandong', name: '山东省温州商会', level: Provincial, kind: Regional, regionCode: '370000', parent: 'national', foundedOn: '2008-07-15' },
  { key: 'shenzhen', name: '深圳市温州商会', level: Prefecture, kind: Regional, regionCode: '440300', parent: 'guangdong', foundedOn: '1999-11-11' },
  { key: 'guangzhou', name: '广州市温州商会', level: Prefecture, kind: Regional, regionCode: '440100', parent: 'guangdong', foundedOn: '2006-05-20' },
  { key: 'dongguan', name: '东莞市温州商会', level: Prefecture, kind: Regional, regionCode: '441900', parent: 'guangdong', foundedOn: '2009-09-09' },
  { key: 'nanjing', name: '南京市温州商会', level: Prefecture, kind: Regional, regionCode: '320100', parent: 'jiangsu', foundedOn: '2003-01-18' },
  { key: 'suzhou', name: '苏州市温州商会', level: Prefecture, kind: Regional, regionCode: '320500', parent: 'jiangsu', foundedOn: '2004-10-10' },
  { key: 'wuxi', name: '无锡市温州商会', level: Prefecture, kind: Regional, regionCode: '320200', parent: 'jiangsu', foundedOn: '2010-06-06' },
  { key: 'chengdu', name: '成都市温州商会', level: Prefecture, kind: Regional, regionCode: '510100', parent: 'sichuan', foundedOn: '2005-12-12' },
  { key: 'kunming', name: '昆明市温州商会', level: Prefecture, kind: Regional, regionCode: '530100', parent: 'yunnan', foundedOn: '2007-04-04' },
  { key: 'wuhan', name: '武汉市温州商会', level: Prefecture, kind: Regional, regionCode: '420100', parent: 'hubei', foundedOn: '2008-08-18' },
  { key: 'qingdao', name: '青岛市温州商会', level: Prefecture, kind: Regional, regionCode: '370200', parent: 'shandong', foundedOn: '2011-05-16' },
  { key: 'jinan', name: '济南市温州商会', level: Prefecture, kind: Regional, regionCode: '370100', parent: 'shandong', foundedOn: '2013-03-03' },
  { key: 'pudong', name: '上海市浦东新区温州商会', level: County, kind: Regional, regionCode: '310115', parent: 'shanghai', foundedOn: '2010-10-28' },
  { key: 'minhang', name: '上海市闵行区温州商会', level: County, kind: Regional, regionCode: '310112', parent: 'shanghai', foundedOn: '2012-02-22' },
  { key: 'baoan', name: '深圳市宝安区温州商会', level: County, kind: Regional, regionCode: '440306', parent: 'shenzhen', foundedOn: '2014-06-18' },
  { key: 'kunshan', name: '昆山市温州商会', level: County, kind: Regional, regionCode: '320583', parent: 'suzhou', foundedOn: '2009-12-26' },
  { key: 'shanghai-youth', name: '上海市温州商会青年分会', level: Provincial, kind: Youth, regionCode: '310000', parent: 'shanghai', foundedOn: '2015-05-04' },
  { key: 'guangdong-shoes', name: '广东省温州商会鞋业分会', level: Provincial, kind: Industry, regionCode: '440000', parent: 'guangdong', foundedOn: '2016-09-19' },
  { key: 'lhasa', name: '拉萨市温州商会', level: Prefecture, kind: Regional, regionCode: '540100', parent: null, foundedOn: null, status: ChamberStatus.Preparing },
];

/** Demo secretariat accounts, one per chamber key. */
export const DEMO_SECRETARIES: { email: string; displayName: string; chamber: string }[] = [
  { email: 'shanghai@demo.crm', displayName: '周海燕（上海市温州商会秘书处）', chamber: 'shanghai' },
  { email: 'guangdong@demo.crm', displayName: '吴建国（广东省温州商会秘书处）', chamber: 'guangdong' },
];

/** Current leadership (届) of a few demo chambers. Names are fictional. */
export const DEMO_LEADERSHIP: { chamber: string; number: number; startsOn: string; positions: [PositionType, string][] }[] = [
  {
    chamber: 'shanghai',
    number: 8,
    startsOn: '2022-03-18',
    positions: [
      [PositionType.President, '陈建华'],
      [PositionType.ExecutiveVicePresident, '林志强'],
      [PositionType.VicePresident, '黄海波'],
      [PositionType.VicePresident, '周丽娟'],
      [PositionType.SecretaryGeneral, '郑晓明'],
      [PositionType.SupervisorChair, '金永福'],
    ],
  },
  {
    chamber: 'guangdong',
    number: 6,
    startsOn: '2021-06-28',
    positions: [
      [PositionType.President, '王国平'],
      [PositionType.ExecutiveVicePresident, '叶伟东'],
      [PositionType.SecretaryGeneral, '吴建国'],
    ],
  },
  { chamber: 'shenzhen', number: 7, startsOn: '2023-01-10', positions: [[PositionType.President, '李晓东'], [PositionType.SecretaryGeneral, '潘文静']] },
];

/** Guild halls (会馆) at different stages. */
export const DEMO_GUILD_HALLS: { chamber: string; name: string; status: GuildHallStatus; dates: Partial<Record<'plannedOn' | 'constructionStartedOn' | 'basicallyCompletedOn' | 'completedOn', string>> }[] = [
  {
    chamber: 'shanghai',
    name: '上海温州会馆',
    status: GuildHallStatus.Complete,
    dates: { plannedOn: '2008-05-01', constructionStartedOn: '2010-03-01', basicallyCompletedOn: '2012-10-01', completedOn: '2013-06-18' },
  },
  { chamber: 'guangdong', name: '广东温州会馆', status: GuildHallStatus.UnderConstruction, dates: { plannedOn: '2021-09-01', constructionStartedOn: '2023-04-15' } },
  { chamber: 'chengdu', name: '成都温州会馆', status: GuildHallStatus.Planned, dates: { plannedOn: '2025-02-01' } },
];

/** Terms in the demo run five years; the running one is the last to start by this day, so the data never drifts with the clock. */
const DEMO_TERM_YEARS = 5;
const DEMO_TERMS_AS_OF = '2025-06-30';
/** A chamber still preparing (no founding date) has its first term from this day. */
const DEMO_PREPARING_TERM_START = '2025-03-01';

/**
 * The running term (届) of a live demo chamber without listed leadership: every live chamber has
 * one, so a position can be recorded, or imported (商会职务), in any of them. Terms are counted
 * from the founding day, five years each.
 */
export function demoRunningTerm(chamber: DemoChamber): { number: number; startsOn: string } | null {
  if (DEMO_LEADERSHIP.some((l) => l.chamber === chamber.key)) return null; // its term comes with its leadership
  if (!chamber.foundedOn) return { number: 1, startsOn: DEMO_PREPARING_TERM_START };
  const founded = Number(chamber.foundedOn.slice(0, 4));
  const monthDay = chamber.foundedOn.slice(4);
  let number = 1;
  while (`${founded + number * DEMO_TERM_YEARS}${monthDay}` <= DEMO_TERMS_AS_OF) number += 1;
  return { number, startsOn: `${founded + (number - 1) * DEMO_TERM_YEARS}${monthDay}` };
}
