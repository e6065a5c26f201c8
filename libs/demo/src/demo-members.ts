import { EnterpriseRole, EnterpriseSize, MemberDesignation, PoliticalLevel, PoliticalRoleKind } from '@crm/member';

/**
 * The demo information base: a few dozen merchants spread over the demo chambers, built
 * deterministically from small lists (no randomness: every fresh start shows the same data).
 * The holders of the demo leadership are among them, so positions link to members.
 */
export interface DemoMember {
  name: string;
  gender: 'MALE' | 'FEMALE';
  birthDate: string;
  /** Index into the home city's counties (籍贯). */
  county: number;
  chamber: string;
  phone: string;
  wechat?: string;
  address?: string;
  designations: MemberDesignation[];
  tags: string[];
  enterprise?: { name: string; industryCode: string; size: EnterpriseSize; roles: EnterpriseRole[] };
  politicalRole?: { kind: PoliticalRoleKind; level: PoliticalLevel };
  withIdNumber: boolean;
}

/** The leadership holders of DEMO_LEADERSHIP, with the chamber they lead. */
const LEADERS: [string, string, 'MALE' | 'FEMALE'][] = [
  ['陈建华', 'shanghai', 'MALE'],
  ['林志强', 'shanghai', 'MALE'],
  ['黄海波', 'shanghai', 'MALE'],
  ['周丽娟', 'shanghai', 'FEMALE'],
  ['郑晓明', 'shanghai', 'MALE'],
  ['金永福', 'shanghai', 'MALE'],
  ['王国平', 'guangdong', 'MALE'],
  ['叶伟东', 'guangdong', 'MALE'],
  ['吴建国', 'guangdong', 'MALE'],
  ['李晓东', 'shenzhen', 'MALE'],
  ['潘文静', 'shenzhen', 'FEMALE'],
];

const SURNAMES = ['陈', '林', '黄', '王', '张', '李', '郑', '周', '吴', '金', '潘', '叶', '胡', '徐', '朱', '谢', '池', '厉', '单', '曾'];
const GIVEN_MALE = ['建平', '志华', '海东', '国强', '永军', '伟', '育平', '晓峰', '成龙', '振宇', '雄信', '国藩'];
const GIVEN_FEMALE = ['丽华', '海燕', '秀英', '雪梅', '静', '晓红', '美玲', '佳怡'];
const CHAMBERS = ['shanghai', 'pudong', 'minhang', 'beijing', 'guangdong', 'shenzhen', 'guangzhou', 'dongguan', 'baoan', 'jiangsu', 'nanjing', 'suzhou', 'kunshan', 'chengdu', 'wuhan', 'qingdao'];
const TRADES: [string, string][] = [
  ['鞋业', '19'],
  ['服饰', '18'],
  ['电气', '38'],
  ['眼镜', '35'],
  ['阀门', '34'],
  ['贸易', '51'],
  ['汽摩配件', '36'],
  ['置业', '70'],
];
const PLACES = ['瓯江', '雁荡', '江南', '东海', '华东', '南塘', '五马', '东瓯'];
const ROLE_SETS: EnterpriseRole[][] = [
  [EnterpriseRole.LegalRepresentative, EnterpriseRole.Chairman],
  [EnterpriseRole.GeneralManager],
  [EnterpriseRole.Shareholder],
  [EnterpriseRole.Chairman, EnterpriseRole.Shareholder],
];
const SIZES = [EnterpriseSize.Medium, EnterpriseSize.Small, EnterpriseSize.Micro, EnterpriseSize.Large];

function demoMember(i: number, name: string, gender: 'MALE' | 'FEMALE', chamber: string): DemoMember {
  const year = 1955 + ((i * 7) % 45);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + ((i * 5) % 28)).padStart(2, '0');
  const trade = TRADES[i % TRADES.length] as [string, string];
  return {
    name,
    gender,
    birthDate: `${year}-${month}-${day}`,
    county: i,
    chamber,
    phone: `13${(5 + (i % 5)).toString()}${String(57700000 + i * 7919).padStart(8, '0')}`,
    wechat: i % 3 === 0 ? undefined : `wz_${i}`,
    address: i % 4 === 0 ? undefined : `${PLACES[i % PLACES.length]}路 ${10 + i} 号`,
    designations: [...(year >= 1980 ? [MemberDesignation.NewGeneration] : []), ...(i % 9 === 0 ? [MemberDesignation.LeadGoose] : [])],
    tags: i % 5 === 0 ? ['重点联系'] : [],
    enterprise:
      i % 6 === 5
        ? undefined
        : { name: `温州${PLACES[(i * 3) % PLACES.length]}${trade[0]}有限公司`, industryCode: trade[1], size: SIZES[i % SIZES.length] as EnterpriseSize, roles: ROLE_SETS[i % ROLE_SETS.length] as EnterpriseRole[] },
    politicalRole:
      i % 8 === 0
        ? { kind: i % 16 === 0 ? PoliticalRoleKind.PeoplesCongressDeputy : PoliticalRoleKind.CppccMember, level: i % 3 === 0 ? PoliticalLevel.Prefecture : PoliticalLevel.County }
        : undefined,
    withIdNumber: i % 7 !== 3,
  };
}

export const DEMO_MEMBERS: DemoMember[] = [
  ...LEADERS.map(([name, chamber, gender], i) => demoMember(i, name, gender, chamber)),
  ...Array.from({ length: 49 }, (_, k) => {
    const i = k + LEADERS.length;
    const gender = i % 4 === 3 ? 'FEMALE' : 'MALE';
    const given = gender === 'MALE' ? GIVEN_MALE[(i * 5) % GIVEN_MALE.length] : GIVEN_FEMALE[(i * 3) % GIVEN_FEMALE.length];
    return demoMember(i, `${SURNAMES[i % SURNAMES.length]}${given}`, gender, CHAMBERS[(i * 7) % CHAMBERS.length] as string);
  }),
];
