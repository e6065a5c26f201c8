import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '@crm/auth';
import {
  CreateHonorTypeInput,
  HonorAwardService,
  HonorBenefitKind,
  HonorBenefitStatus,
  HonorCatalogueService,
  HonorLevel,
  HonorNominationService,
  HonorRoundService,
  HonorSubjectKind,
  HonorTypeDto,
} from '@crm/honor';
import { MemberDesignation } from '@crm/member';
import { SeedRunEntity } from './entities/seed-run.entity';

const benefit = (name: string, kind: HonorBenefitKind, yearly = false) => ({ name, kind, yearly });

/** The catalogue as the 2014 work report names it, with the benefits (政治生活待遇) that come with each honour. */
const DEMO_HONOR_TYPES: CreateHonorTypeInput[] = [
  {
    name: '温商回归功勋人物',
    subjectKind: HonorSubjectKind.Member,
    awardingBody: '中共温州市委、温州市人民政府',
    level: HonorLevel.City,
    recursYearly: true,
    quotaPerRound: 10,
    benefits: [benefit('列席市两会', HonorBenefitKind.Political, true), benefit('重点项目审批绿色通道', HonorBenefitKind.Economic), benefit('春节慰问', HonorBenefitKind.Social, true)],
  },
  {
    name: '温商回归先进人物',
    subjectKind: HonorSubjectKind.Member,
    awardingBody: '中共温州市委、温州市人民政府',
    level: HonorLevel.City,
    recursYearly: true,
    quotaPerRound: 100,
    benefits: [benefit('列席市两会', HonorBenefitKind.Political, true), benefit('子女入学优先服务', HonorBenefitKind.Social)],
  },
  {
    name: '争先创优先进商会',
    subjectKind: HonorSubjectKind.Chamber,
    awardingBody: '温州市经济合作交流办公室',
    level: HonorLevel.City,
    recursYearly: true,
    quotaPerRound: 50,
    benefits: [benefit('授牌表彰', HonorBenefitKind.Social)],
  },
  {
    name: '百名领头雁',
    subjectKind: HonorSubjectKind.Member,
    awardingBody: '温州市人民政府',
    level: HonorLevel.City,
    quotaPerRound: 100,
    grantsDesignation: MemberDesignation.LeadGoose,
    benefits: [benefit('应邀出席市两会', HonorBenefitKind.Political, true), benefit('优先安排项目用地', HonorBenefitKind.Economic)],
  },
  {
    name: '温商回归突出贡献企业',
    subjectKind: HonorSubjectKind.Enterprise,
    awardingBody: '温州市人民政府',
    level: HonorLevel.City,
    benefits: [benefit('用地指标优先保障', HonorBenefitKind.Economic)],
  },
];

/**
 * Demo honours, written through the honour services like any user's changes (audited): the
 * catalogue; the first award meeting of 2014 (首届温商回归先进表彰会) nominated, reviewed,
 * published and confirmed into awards with certificates, some benefits delivered or declined, one
 * award revoked; a 百名领头雁 award (the member becomes LEAD_GOOSE); and the 2015 round still open,
 * with nominations in every other state. Runs once per database, after the demo members.
 */
@Injectable()
export class DemoHonoursSeed {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalogue: HonorCatalogueService,
    private readonly rounds: HonorRoundService,
    private readonly nominations: HonorNominationService,
    private readonly awards: HonorAwardService,
  ) {}

  async seed(system: Caller): Promise<boolean> {
    const step = 'demo-honours-v1';
    const runs = this.dataSource.getRepository(SeedRunEntity);
    if (await runs.exists({ where: { name: step } })) return false;
    const members = (await this.dataSource.query(
      `SELECT m.id, (SELECT cm.chamber_id FROM chamber_membership cm WHERE cm.member_id = m.id AND cm.left_on IS NULL LIMIT 1) AS "chamberId"
         FROM member m WHERE m.status = 'ACTIVE' ORDER BY m.registered_at, m.id LIMIT 16`,
    )) as { id: string; chamberId: string | null }[];
    const chambers = (await this.dataSource.query(`SELECT id FROM chamber WHERE status = 'ACTIVE' ORDER BY depth, name LIMIT 4`)) as { id: string }[];
    const [enterprise] = (await this.dataSource.query(`SELECT id FROM enterprise ORDER BY created_at, id LIMIT 1`)) as { id: string }[];
    if (members.length < 12 || chambers.length < 3) return false;

    const types = new Map<string, HonorTypeDto>();
    for (const input of DEMO_HONOR_TYPES) types.set(input.name, await this.catalogue.create(system, input));
    const type = (name: string) => (types.get(name) as HonorTypeDto).id;
    const pioneer = type('温商回归功勋人物');
    const advanced = type('温商回归先进人物');
    const chamberHonor = type('争先创优先进商会');

    // 2014: the first award meeting, from nominations to awards.
    const first = await this.rounds.create(system, {
      name: '首届温商回归先进表彰会',
      year: 2014,
      heldOn: '2014-02-08',
      types: [{ honorTypeId: pioneer }, { honorTypeId: advanced }, { honorTypeId: chamberHonor }],
    });
    const nominate = (honorTypeId: string, subjectKind: HonorSubjectKind, subjectId: string, chamberId: string | null, reason: string, roundId = first.id) =>
      this.nominations.nominate(system, { roundId, honorTypeId, subjectKind, subjectId, nominatingChamberId: chamberId, reason, facts: '近三年在温投资项目已开工建设' });
    const approved = [
      await nominate(pioneer, HonorSubjectKind.Member, members[0].id, members[0].chamberId, '带头回乡投资，项目总投资超10亿元'),
      await nominate(pioneer, HonorSubjectKind.Member, members[1].id, members[1].chamberId, '引进重大产业项目落地'),
      await nominate(advanced, HonorSubjectKind.Member, members[2].id, members[2].chamberId, '积极参与五水共治捐资'),
      await nominate(advanced, HonorSubjectKind.Member, members[3].id, members[3].chamberId, '组织商会组团回乡考察'),
      await nominate(chamberHonor, HonorSubjectKind.Chamber, chambers[1].id, null, '商会规范化建设成效突出'),
      await nominate(chamberHonor, HonorSubjectKind.Chamber, chambers[2].id, null, '一地一会工作成效明显'),
    ];
    const rejected = await nominate(advanced, HonorSubjectKind.Member, members[4].id, members[4].chamberId, '热心公益');
    const withdrawn = await nominate(advanced, HonorSubjectKind.Member, members[5].id, members[5].chamberId, '回乡投资');
    for (const n of approved) {
      const shortlisted = await this.nominations.decide(system, n.id, 'shortlist', { version: n.version });
      await this.nominations.decide(system, n.id, 'approve', { version: shortlisted.version });
    }
    await this.nominations.decide(system, rejected.id, 'reject', { version: rejected.version, reason: '回乡投资项目尚未开工，不符合评选条件' });
    await this.nominations.decide(system, withdrawn.id, 'withdraw', { version: withdrawn.version, reason: '本人谦让' });
    const published = await this.rounds.publish(system, first.id, { version: (await this.rounds.get(first.id)).version, noticeStartsOn: '2014-01-20', noticeEndsOn: '2014-01-26' });
    await this.rounds.confirm(system, first.id, {
      version: published.version,
      awardedOn: '2014-02-08',
      certificates: approved.map((n, i) => ({ nominationId: n.id, certificateNo: `温表〔2014〕${String(i + 1).padStart(3, '0')}`, citation: '为温商回归和家乡经济社会发展作出突出贡献' })),
    });

    // Benefits: some delivered, one declined; one award revoked later (its due benefits lapse).
    const due = (await this.dataSource.query(`SELECT b.id, b.version FROM honor_benefit b JOIN honor_award a ON a.id = b.award_id WHERE a.round_id = $1 ORDER BY a.certificate_no, b.name`, [
      first.id,
    ])) as { id: string; version: number }[];
    for (const b of due.slice(0, 4)) await this.awards.settleBenefit(system, b.id, { version: b.version, status: HonorBenefitStatus.Delivered, on: '2014-03-05', note: '已发出邀请函' });
    if (due[4]) await this.awards.settleBenefit(system, due[4].id, { version: due[4].version, status: HonorBenefitStatus.Declined, note: '本人因事谢绝' });
    const [toRevoke] = (await this.dataSource.query(`SELECT id, version FROM honor_award WHERE round_id = $1 AND honor_type_id = $2 ORDER BY certificate_no DESC LIMIT 1`, [
      first.id,
      advanced,
    ])) as { id: string; version: number }[];
    await this.awards.revoke(system, toRevoke.id, { version: toRevoke.version, revokedOn: '2015-06-30', reason: '所属企业存在严重失信行为' });
    await this.awards.addYearlyBenefits(system, 2015);

    // 百名领头雁 and an enterprise honour, recorded directly.
    await this.awards.record(system, {
      honorTypeId: type('百名领头雁'),
      subjectKind: HonorSubjectKind.Member,
      subjectId: members[6].id,
      year: 2014,
      awardedOn: '2014-05-20',
      certificateNo: '领头雁〔2014〕001',
      citation: '温商回归“百名领头雁工程”首批领头雁',
      creditedChamberId: members[6].chamberId,
    });
    if (enterprise) {
      await this.awards.record(system, {
        honorTypeId: type('温商回归突出贡献企业'),
        subjectKind: HonorSubjectKind.Enterprise,
        subjectId: enterprise.id,
        year: 2014,
        awardedOn: '2014-02-08',
        certificateNo: '企表〔2014〕001',
      });
    }

    // 2015: nominations open, one in each state the review can leave them in.
    const second = await this.rounds.create(system, { name: '2015年度温商回归先进表彰', year: 2015, heldOn: null, types: [{ honorTypeId: pioneer, quota: 5 }, { honorTypeId: advanced, quota: 20 }] });
    const open = [];
    for (let i = 7; i < 12; i++) open.push(await nominate(i % 2 ? advanced : pioneer, HonorSubjectKind.Member, members[i].id, members[i].chamberId, '回乡投资创业成效明显', second.id));
    const shortlisted = await this.nominations.decide(system, open[1].id, 'shortlist', { version: open[1].version });
    const approvedNext = await this.nominations.decide(system, open[2].id, 'shortlist', { version: open[2].version });
    await this.nominations.decide(system, open[2].id, 'approve', { version: approvedNext.version });
    await this.nominations.decide(system, open[3].id, 'reject', { version: open[3].version, reason: '推荐材料不完整' });
    await this.nominations.decide(system, open[4].id, 'withdraw', { version: open[4].version, reason: '推荐单位撤回' });
    void shortlisted;

    await runs.insert({ name: step });
    this.log.log('Seeded the demo honours (catalogue, the 2014 award meeting, the open 2015 round)');
    return true;
  }
}
