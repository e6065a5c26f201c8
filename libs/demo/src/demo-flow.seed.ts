import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller, Role } from '@crm/auth';
import { MeetingKind, MeetingService } from '@crm/event';
import { FlowTargetKind, NoticePriority, NoticeService, RequestService, ReturnFieldType } from '@crm/notice';
import { SeedRunEntity } from './entities/seed-run.entity';

const DAY = 86_400_000;
const COUNTIES = ['330302', '330381', '330382', '330324'];

/**
 * Demo information flow (issue 16), through the services like any use: a notice to every
 * chamber with receipts in every state (acknowledged, read, unread, overdue) and a reminder; a
 * notice to the county offices asking for a return, half collected; requests in every status;
 * the annual meeting with registrations filling it and a waiting list. Runs once (seed_run).
 */
@Injectable()
export class DemoFlowSeed {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notices: NoticeService,
    private readonly requests: RequestService,
    private readonly meetings: MeetingService,
  ) {}

  private async caller(email: string): Promise<Caller | null> {
    const [u] = (await this.dataSource.query(
      `SELECT id, email, role, county_code AS "countyCode", chamber_id AS "chamberId", party_committee_id AS "partyCommitteeId" FROM app_user WHERE email = $1 AND active`,
      [email],
    )) as Omit<Caller, 'officialId'>[];
    return u ? { ...u, officialId: null } : null;
  }

  /** Members of a chamber and those below, for its delegates and returns. */
  private async membersOf(chamberId: string, n: number): Promise<string[]> {
    return ((await this.dataSource.query(
      `SELECT DISTINCT m.id, m.name_pinyin FROM member m JOIN chamber_membership cm ON cm.member_id = m.id AND cm.left_on IS NULL JOIN chamber c ON c.id = cm.chamber_id
        WHERE m.status = 'ACTIVE' AND (c.id = $1 OR c.ancestor_ids @> ARRAY[$1::uuid]) ORDER BY m.name_pinyin, m.id LIMIT $2`,
      [chamberId, n],
    )) as { id: string }[]).map((r) => r.id);
  }

  async seed(system: Caller): Promise<boolean> {
    const step = 'demo-flow-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const shanghai = await this.caller('shanghai@demo.crm');
    const guangdong = await this.caller('guangdong@demo.crm');
    const counties = await Promise.all(['lucheng@demo.crm', 'ruian@demo.crm', 'yueqing@demo.crm'].map((e) => this.caller(e)));
    if (!shanghai || !guangdong || counties.some((c) => !c) || system.role !== Role.Admin) return false;
    const [lucheng, ruian, yueqing] = counties as Caller[];
    const now = Date.now();

    // 1. A notice to every chamber, sent ten days ago, due three days ago: Shanghai acknowledged,
    //    Guangdong read it, the rest unread and overdue; a reminder went out.
    const annualNotice = await this.notices.send(
      system,
      {
        title: '关于召开2015年全国温州商会年会暨温商回归大会的预备通知',
        body: '各地温州商会：\n\n经研究，定于2015年2月在温州召开全国温州商会年会暨温商回归大会，请各商会做好参会准备，并于截止日前签收本通知。\n\n温州市经济合作交流办公室',
        priority: NoticePriority.Urgent,
        deadline: new Date(now - 3 * DAY),
        target: { kind: FlowTargetKind.AllChambers },
      },
      { at: new Date(now - 10 * DAY) },
    );
    await this.notices.acknowledge(shanghai, annualNotice.id);
    await this.notices.open(guangdong, annualNotice.id);
    await this.notices.remind(system, annualNotice.id);

    // 2. A return asked of the county offices, half collected.
    const projects = await this.notices.send(system, {
      title: '关于报送2014年温商回归项目进展情况的通知',
      priority: NoticePriority.Normal,
      body: '各县（市、区）经合办：\n\n请填报本地2014年温商回归项目的数量、到位资金和重点项目情况。',
      deadline: new Date(now + 14 * DAY),
      target: { kind: FlowTargetKind.Counties, countyCodes: COUNTIES },
      returnForm: [
        { key: 'projects', label: '新引进项目数', type: ReturnFieldType.Number, required: true },
        { key: 'funds', label: '到位资金（万元）', type: ReturnFieldType.Number, required: true },
        { key: 'lead', label: '重点项目是否落地', type: ReturnFieldType.Choice, options: ['是', '否'], required: false },
        { key: 'note', label: '情况说明', type: ReturnFieldType.Text, required: false },
      ],
    });
    await this.notices.submitReturn(lucheng, projects.id, { answers: [{ key: 'projects', value: '38' }, { key: 'funds', value: '215600.50' }, { key: 'lead', value: '是' }] });
    await this.notices.submitReturn(ruian, projects.id, { answers: [{ key: 'projects', value: '27' }, { key: 'funds', value: '98000' }, { key: 'note', value: '两个项目正在办理用地手续' }] });
    await this.notices.acknowledge(yueqing, projects.id);

    // 3. Requests upward in every status.
    for (const [category, desk, dueDays] of [
      ['POLICY', '政策法规处', 10],
      ['LAND', '项目服务处', 15],
      ['FINANCE', '金融服务处', 10],
      ['TALENT', '人才工作处', 20],
      ['SERVICES', '综合服务处', 7],
    ] as const) {
      await this.requests.setDesk(system, { category, desk, dueDays });
    }
    await this.requests.raise(shanghai, { category: 'POLICY', title: '在沪温商子女回乡就学政策咨询', text: '请明确在沪温商子女回温就读的办理流程。' });
    const land = await this.requests.raise(guangdong, { category: 'LAND', title: '回归项目用地指标协调', text: '我会会员投资的智能装备项目急需落实用地指标，请协调。' });
    await this.requests.assign(system, land.id, { version: land.version, desk: '项目服务处' });
    const finance = await this.requests.raise(lucheng, { category: 'FINANCE', title: '回乡创业企业融资对接', text: '请组织银行与回乡创业企业开展融资对接。' });
    await this.requests.reply(system, finance.id, { version: finance.version, text: '已商请市金融办于下月组织专场对接会。' });
    const talent = await this.requests.raise(shanghai, { category: 'TALENT', title: '商会秘书长培训需求', text: '建议年内举办一期秘书长培训班。' });
    const answered = await this.requests.reply(system, talent.id, { version: talent.version, text: '已列入年度培训计划，拟于五月举办。' });
    await this.requests.close(system, talent.id, { version: answered.version, text: '已落实' });

    // 4. The annual meeting: every chamber invited, places filled, two waiting.
    const meeting = await this.meetings.create(system, {
      title: '2015年全国温州商会年会',
      kind: MeetingKind.AnnualMeeting,
      startsOn: new Date(now + 40 * DAY).toISOString().slice(0, 10),
      endsOn: new Date(now + 41 * DAY).toISOString().slice(0, 10),
      place: '温州国际会展中心',
      capacity: 6,
      registrationDeadline: new Date(now + 30 * DAY),
      target: { kind: FlowTargetKind.AllChambers },
    });
    const roles = ['会长', '常务副会长', '秘书长', '副会长'];
    for (const who of [shanghai, guangdong]) {
      const ids = await this.membersOf(who.chamberId as string, 4);
      if (ids.length) await this.meetings.register(who, meeting.id, { delegates: ids.map((memberId, i) => ({ memberId, role: roles[i % roles.length], arrival: i % 2 ? '航班 MU5533' : '高铁 G7311' })) });
    }

    await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log('Seeded the demo notices, returns, requests and annual meeting');
    return true;
  }
}
