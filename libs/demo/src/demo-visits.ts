import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '@crm/auth';
import { OfficialLevel, OfficialService } from '@crm/official';
import { CampaignService, FeedbackCategory, FeedbackService, VisitDirection, VisitKind, VisitService } from '@crm/visit';
import { SeedRunEntity } from './entities/seed-run.entity';

/** The demo's officials: two city leaders, the office, three county leaders. */
const OFFICIALS = [
  { key: 'mayor', name: '陈志华', title: '副市长', unit: '温州市人民政府', level: OfficialLevel.City },
  { key: 'office', name: '王建平', title: '主任', unit: '温州市经济合作办公室（招商局）', level: OfficialLevel.City, phone: '0577-88960001' },
  { key: 'service', name: '吴丽华', title: '服务员', unit: '温州市经济合作办公室（招商局）', level: OfficialLevel.City },
  { key: 'ruian', name: '林晓东', title: '副市长', unit: '瑞安市人民政府', level: OfficialLevel.County, countyCode: '330381' },
  { key: 'lucheng', name: '周海燕', title: '副区长', unit: '鹿城区人民政府', level: OfficialLevel.County, countyCode: '330302' },
  { key: 'yueqing', name: '黄国平', title: '局长', unit: '乐清市经济合作局', level: OfficialLevel.County, countyCode: '330382' },
] as const;

type Key = (typeof OFFICIALS)[number]['key'];

/** One visit of each kind, with the opinions raised and how far each got. */
const VISITS: {
  on: string;
  kind: VisitKind;
  direction: VisitDirection;
  place: string;
  summary: string;
  lead: Key;
  with: Key[];
  chamber: string;
  members: number[];
  opinions: { category: FeedbackCategory; text: string; to: 'OPEN' | 'ASSIGNED' | 'ANSWERED' | 'CLOSED' | 'REOPENED'; assignee?: Key; unit?: string; due?: string; answer?: string; satisfaction?: number }[];
}[] = [
  {
    on: '2026-01-08', kind: VisitKind.Service, direction: VisitDirection.Outbound, place: '上海市温州商会', lead: 'mayor', with: ['office', 'ruian'], chamber: '上海市温州商会', members: [0, 1],
    summary: '走商会、送服务、促回归：通报家乡发展情况，听取在沪温商意见建议。',
    opinions: [
      { category: FeedbackCategory.Land, text: '回乡投资项目用地指标落实慢，希望明确供地时间表。', to: 'CLOSED', assignee: 'ruian', due: '2026-02-28', answer: '已与自然资源局会商，首期用地于三月挂牌。', satisfaction: 4 },
      { category: FeedbackCategory.Finance, text: '希望家乡银行为回归企业提供过桥贷款。', to: 'ANSWERED', unit: '市金融办', answer: '市金融办已对接三家银行，设立回归企业专项授信。' },
    ],
  },
  {
    on: '2026-01-25', kind: VisitKind.Condolence, direction: VisitDirection.Outbound, place: '北京温州企业商会', lead: 'office', with: ['service'], chamber: '北京温州企业商会', members: [2],
    summary: '春节慰问：走访商会会长及功勋人物家属，送去新春问候。',
    opinions: [{ category: FeedbackCategory.Services, text: '希望家乡为在外温商子女回乡就学提供便利。', to: 'ASSIGNED', unit: '市教育局', due: '2026-03-31' }],
  },
  {
    on: '2026-03-12', kind: VisitKind.Seminar, direction: VisitDirection.Outbound, place: '广东省温州商会', lead: 'mayor', with: ['lucheng'], chamber: '广东省温州商会', members: [3, 4],
    summary: '在穗温商座谈会，二十余位会长、企业家参加。',
    opinions: [
      { category: FeedbackCategory.Talent, text: '建议设立温商人才回流补贴。', to: 'OPEN', due: '2026-04-30' },
      { category: FeedbackCategory.Rights, text: '会员企业与当地供应商合同纠纷，请求家乡协调维权。', to: 'REOPENED', assignee: 'lucheng', answer: '已函告当地商务部门协调。', satisfaction: 2 },
    ],
  },
  {
    on: '2026-05-18', kind: VisitKind.Promotion, direction: VisitDirection.Outbound, place: '江苏省温州商会', lead: 'office', with: ['yueqing'], chamber: '江苏省温州商会', members: [5],
    summary: '温州时尚产业推介会，推介四大平台项目。',
    opinions: [{ category: FeedbackCategory.Policy, text: '希望明确总部经济政策的认定标准。', to: 'ANSWERED', assignee: 'office', answer: '认定办法已印发，商会秘书处可代为申报。' }],
  },
  {
    on: '2026-06-20', kind: VisitKind.HomeInspection, direction: VisitDirection.Inbound, place: '瑞安市经济开发区', lead: 'ruian', with: ['service'], chamber: '四川省温州商会', members: [6, 7],
    summary: '四川省温州商会组团回乡投资考察，考察三个拟落地项目。',
    opinions: [{ category: FeedbackCategory.Land, text: '考察项目希望尽快完成土地预审。', to: 'ASSIGNED', assignee: 'ruian', due: '2026-08-31' }],
  },
  {
    on: '2026-09-09', kind: VisitKind.IntroducedDelegation, direction: VisitDirection.Inbound, place: '温州市民中心', lead: 'mayor', with: ['office'], chamber: '湖北省温州商会', members: [8],
    summary: '湖北省温州商会引荐武汉某新能源企业代表团来温考察。',
    opinions: [{ category: FeedbackCategory.Other, text: '代表团希望提供产业链配套企业名单。', to: 'CLOSED', assignee: 'office', answer: '已提供配套企业名录并安排对接会。', satisfaction: 5 }],
  },
];

/**
 * The demo's visits: officials, a visit of each kind with opinions in every status (one of them
 * reopened), and a small campaign with two groups, one assignment completed. Written through the
 * visits library's services as the administrator, so history and audit look as they would in use.
 */
@Injectable()
export class DemoVisitsSeeder {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly officials: OfficialService,
    private readonly visits: VisitService,
    private readonly feedback: FeedbackService,
    private readonly campaigns: CampaignService,
  ) {}

  async seed(system: Caller): Promise<boolean> {
    const step = 'demo-visits-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const members = ((await this.dataSource.query(`SELECT id FROM member WHERE source_note IS DISTINCT FROM 'seed:scale' ORDER BY name_pinyin, id LIMIT 12`)) as { id: string }[]).map((r) => r.id);
    const chamberId = async (name: string) => ((await this.dataSource.query('SELECT id FROM chamber WHERE name = $1', [name])) as { id: string }[])[0]?.id;
    if (members.length < 12 || !(await chamberId('上海市温州商会'))) return false;

    const ids = new Map<Key, string>();
    for (const o of OFFICIALS) {
      const created = await this.officials.create(system, { name: o.name, title: o.title, unit: o.unit, level: o.level, countyCode: 'countyCode' in o ? o.countyCode : undefined, phone: 'phone' in o ? o.phone : undefined });
      ids.set(o.key, created.id);
    }
    const official = (k: Key) => ids.get(k) as string;
    let opinions = 0;
    for (const v of VISITS) {
      const chamber = await chamberId(v.chamber);
      const visit = await this.visits.create(system, {
        visitedOn: v.on,
        kind: v.kind,
        direction: v.direction,
        place: v.place,
        summary: v.summary,
        officials: [{ officialId: official(v.lead), leads: true }, ...v.with.map((k) => ({ officialId: official(k), leads: false }))],
        chamberIds: chamber ? [chamber] : [],
        memberIds: v.members.map((i) => members[i]),
      });
      for (const [i, o] of v.opinions.entries()) {
        let f = await this.feedback.raise(system, { visitId: visit.id, raisedByMemberId: members[v.members[i % v.members.length]], category: o.category, text: o.text, dueOn: o.due });
        opinions += 1;
        if (o.to === 'OPEN') continue;
        if (o.assignee || o.unit) f = await this.feedback.assign(system, f.id, { version: f.version, assigneeOfficialId: o.assignee && official(o.assignee), assigneeUnit: o.unit, dueOn: o.due });
        if (o.to === 'ASSIGNED') continue;
        f = await this.feedback.answer(system, f.id, { version: f.version, text: o.answer ?? '已答复。', authorOfficialId: o.assignee && official(o.assignee), authorName: o.unit });
        if (o.to === 'ANSWERED') continue;
        f = await this.feedback.close(system, f.id, { version: f.version, satisfaction: o.satisfaction });
        if (o.to === 'REOPENED') await this.feedback.reopen(system, f.id, { version: f.version, note: '当事人反映问题仍未解决，重新交办。' });
      }
    }

    const campaign = await this.campaigns.create(system, { name: '温商之春（演示）', startsOn: '2026-01-15', endsOn: '2026-02-20', description: '春节期间由县（市、区）领导带队，慰问商会会长、功勋人物及其亲属。' });
    const groupA = await this.campaigns.addGroup(system, campaign.id, { name: '第1慰问组', countyCode: '330381', leaderIds: [official('ruian'), official('service')] });
    const groupB = await this.campaigns.addGroup(system, campaign.id, { name: '第2慰问组', countyCode: '330302', leaderIds: [official('lucheng')] });
    await this.campaigns.addAssignments(system, campaign.id, {
      assignments: [
        { groupId: groupA.id, memberId: members[9] },
        { groupId: groupA.id, personName: '郑秀英', note: '功勋人物家属' },
        { groupId: groupB.id, memberId: members[10] },
        { groupId: groupB.id, chamberId: await chamberId('天津市温州商会') },
      ],
    });
    const [first] = (await this.dataSource.query('SELECT id FROM campaign_assignment WHERE campaign_id = $1 AND member_id = $2', [campaign.id, members[9]])) as { id: string }[];
    await this.visits.create(system, {
      visitedOn: '2026-02-03', kind: VisitKind.Condolence, direction: VisitDirection.Outbound, place: '瑞安', summary: '新春慰问，送上家乡问候。',
      officials: [{ officialId: official('ruian'), leads: true }], assignmentId: first.id,
    });
    await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log(`Seeded ${OFFICIALS.length} officials, ${VISITS.length + 1} visits, ${opinions} opinions and a campaign`);
    return true;
  }
}
