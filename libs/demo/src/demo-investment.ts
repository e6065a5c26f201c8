import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller, Role } from '@crm/auth';
import {
  FundingSource,
  InvestmentProjectService,
  InvestmentRecordsService,
  InvestmentStage,
  InvestmentTargetService,
  KeyLevel,
  ProjectIssueCategory,
  ProjectOfficialRole,
  TargetUnitKind,
} from '@crm/investment';
import { PasswordService, UserEntity, userAuditSnapshot } from '@crm/user';
import { SeedRunEntity } from './entities/seed-run.entity';

export const DEMO_PROJECT_OFFICIAL = 'fuwuyuan@demo.crm';

/** Twelve projects of 2025–2026 across the home counties and every stage. */
const PROJECTS: {
  name: string;
  county: string;
  chamber: string;
  industry: string;
  key?: KeyLevel;
  total: string;
  leadOn: string;
  stages: [InvestmentStage, string, string?][];
  funds: [string, string, FundingSource][];
}[] = [
  { name: '瑞安汽摩配智能制造产业园', county: '330381', chamber: '上海市温州商会', industry: 'C', key: KeyLevel.City, total: '2800000000.00', leadOn: '2025-11-10', stages: [[InvestmentStage.Signed, '2026-01-20'], [InvestmentStage.Started, '2026-04-18']], funds: [['2026-02-15', '450000000.00', FundingSource.OutOfProvince], ['2026-06-30', '620000000.00', FundingSource.OutOfProvince]] },
  { name: '鹿城时尚智造总部大楼', county: '330302', chamber: '北京温州企业商会', industry: 'L', key: KeyLevel.City, total: '1500000000.00', leadOn: '2025-12-01', stages: [[InvestmentStage.Signed, '2026-02-10'], [InvestmentStage.Started, '2026-05-06'], [InvestmentStage.InProduction, '2026-11-01']], funds: [['2026-03-01', '300000000.00', FundingSource.OutOfProvince], ['2026-09-15', '410000000.00', FundingSource.OutOfProvince]] },
  { name: '乐清电气新能源配套项目', county: '330382', chamber: '广东省温州商会', industry: '38', key: KeyLevel.County, total: '960000000.00', leadOn: '2026-01-05', stages: [[InvestmentStage.Signed, '2026-03-12']], funds: [['2026-05-20', '180000000.00', FundingSource.OutOfProvince], ['2026-08-08', '60000000.00', FundingSource.InProvince]] },
  { name: '永嘉泵阀数字化工厂', county: '330324', chamber: '江苏省温州商会', industry: '34', total: '420000000.00', leadOn: '2026-02-14', stages: [[InvestmentStage.Signed, '2026-04-01'], [InvestmentStage.Started, '2026-07-01']], funds: [['2026-04-20', '95000000.00', FundingSource.OutOfProvince]] },
  { name: '瑞安文旅康养综合体', county: '330381', chamber: '四川省温州商会', industry: 'N', total: '680000000.00', leadOn: '2026-03-03', stages: [[InvestmentStage.Signed, '2026-05-15'], [InvestmentStage.Stalled, '2026-09-30', '土地征迁未完成']], funds: [['2026-06-10', '40000000.00', FundingSource.OutOfProvince]] },
  { name: '鹿城跨境电商物流园', county: '330302', chamber: '湖北省温州商会', industry: 'G', key: KeyLevel.County, total: '350000000.00', leadOn: '2026-04-08', stages: [[InvestmentStage.Signed, '2026-06-18']], funds: [['2026-07-01', '70000000.00', FundingSource.Foreign]] },
  { name: '乐清智能仪表研发中心', county: '330382', chamber: '上海市温州商会', industry: 'M', total: '210000000.00', leadOn: '2026-05-12', stages: [], funds: [] },
  { name: '永嘉教玩具出口基地', county: '330324', chamber: '北京温州企业商会', industry: 'C', total: '180000000.00', leadOn: '2026-06-01', stages: [[InvestmentStage.Cancelled, '2026-08-20', '投资方转投外省']], funds: [] },
  { name: '瑞安眼镜产业升级项目', county: '330381', chamber: '广东省温州商会', industry: 'C', total: '260000000.00', leadOn: '2026-07-09', stages: [[InvestmentStage.Started, '2026-10-10', undefined]], funds: [] },
  { name: '鹿城数字金融服务中心', county: '330302', chamber: '江苏省温州商会', industry: 'J', total: '500000000.00', leadOn: '2026-08-15', stages: [], funds: [] },
  { name: '乐清海上风电运维基地', county: '330382', chamber: '四川省温州商会', industry: 'D', key: KeyLevel.City, total: '3200000000.00', leadOn: '2026-09-01', stages: [[InvestmentStage.Signed, '2026-10-28']], funds: [['2026-11-20', '500000000.00', FundingSource.OutOfProvince]] },
  { name: '永嘉生态农业示范园', county: '330324', chamber: '湖北省温州商会', industry: 'A', total: '120000000.00', leadOn: '2026-10-12', stages: [], funds: [] },
];

/**
 * The demo's returning-investment projects: a year of projects across four counties and every
 * stage, with funds in place, targets for the city and the counties, liaison leaders and service
 * officers (the visits seed's officials), problems, a service complaint and a project official's
 * account. Written through the investment library's services as the administrator.
 */
@Injectable()
export class DemoInvestmentSeeder {
  private readonly log = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly projects: InvestmentProjectService,
    private readonly records: InvestmentRecordsService,
    private readonly targets: InvestmentTargetService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  async seed(system: Caller, password: string): Promise<boolean> {
    const step = 'demo-investment-v1';
    if (await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } })) return false;
    const officials = new Map(((await this.dataSource.query(`SELECT id, name FROM official WHERE name = ANY($1)`, [['陈志华', '吴丽华', '林晓东', '周海燕', '黄国平']])) as { id: string; name: string }[]).map((o) => [o.name, o.id]));
    const chambers = new Map(((await this.dataSource.query(`SELECT id, name FROM chamber WHERE status = 'ACTIVE'`)) as { id: string; name: string }[]).map((c) => [c.name, c.id]));
    const investors = ((await this.dataSource.query(`SELECT id FROM member WHERE source_note IS DISTINCT FROM 'seed:scale' AND status <> 'MERGED' ORDER BY name_pinyin, id LIMIT 12`)) as { id: string }[]).map((r) => r.id);
    if (officials.size < 5 || investors.length < 12) return false;

    await this.targets.set(system, { year: 2026, unitKind: TargetUnitKind.City, fundsTarget: '50000000000.00', newProjectsTarget: 400 });
    for (const county of ['330302', '330381', '330382', '330324']) await this.targets.set(system, { year: 2026, unitKind: TargetUnitKind.County, countyCode: county, fundsTarget: '6000000000.00', newProjectsTarget: 40 });
    const shanghai = chambers.get('上海市温州商会');
    if (shanghai) await this.targets.set(system, { year: 2026, unitKind: TargetUnitKind.Chamber, chamberId: shanghai, fundsTarget: '3000000000.00', newProjectsTarget: 10 });

    const ids: string[] = [];
    for (const [i, p] of PROJECTS.entries()) {
      let project = await this.projects.create(system, {
        name: p.name,
        destinationCountyCode: p.county,
        chamberId: chambers.get(p.chamber),
        memberIds: [investors[i % investors.length]],
        industryCode: p.industry,
        keyLevel: p.key,
        isExpansion: i % 4 === 3,
        totalInvestment: p.total,
        contractedInvestment: p.total,
        expectedJobs: 100 + i * 40,
        leadOn: p.leadOn,
      });
      for (const [stage, on, reason] of p.stages) {
        const skipsSigning = stage === InvestmentStage.Started && project.stage === InvestmentStage.Lead;
        project = await this.projects.moveStage(system, project.id, { version: project.version, stage, on, reason, signedOn: skipsSigning ? p.leadOn : undefined });
      }
      for (const [on, amount, source] of p.funds) await this.records.recordFunding(system, { projectId: project.id, receivedOn: on, amount, source, note: '银行进账单' });
      const leader = p.key === KeyLevel.City ? '陈志华' : p.county === '330381' ? '林晓东' : p.county === '330302' ? '周海燕' : '黄国平';
      await this.records.assignOfficial(system, { projectId: project.id, officialId: officials.get(leader) as string, role: ProjectOfficialRole.LiaisonLeader, validFrom: p.leadOn });
      await this.records.assignOfficial(system, { projectId: project.id, officialId: officials.get('吴丽华') as string, role: ProjectOfficialRole.ServiceOfficer, validFrom: p.leadOn });
      ids.push(project.id);
    }
    // A correction, notes, problems (one resolved) and a service complaint followed to its close.
    const [first] = (await this.dataSource.query('SELECT id FROM funding_record WHERE project_id = $1 ORDER BY received_on LIMIT 1', [ids[0]])) as { id: string }[];
    await this.records.correctFunding(system, { fundingId: first.id, amount: '-20000000.00', note: '重复计入的设备款，更正' });
    await this.records.addNote(system, { projectId: ids[0], text: '一期厂房主体结构封顶。', writtenOn: '2026-10-15' });
    const land = await this.records.raiseIssue(system, { projectId: ids[4], category: ProjectIssueCategory.Land, description: '项目用地涉及三户征迁未签约。', unit: '瑞安市自然资源和规划局', raisedOn: '2026-08-01' });
    await this.records.raiseIssue(system, { projectId: ids[2], category: ProjectIssueCategory.Approval, description: '环评批复等待省厅会审。', unit: '温州市生态环境局', raisedOn: '2026-09-10' });
    const finance = await this.records.raiseIssue(system, { projectId: ids[0], category: ProjectIssueCategory.Finance, description: '二期设备贷款授信额度不足。', unit: '市金融办', raisedOn: '2026-05-01' });
    await this.records.resolveIssue(system, finance.id, { version: finance.version, resolvedOn: '2026-06-15', resolution: '协调两家银行追加授信三亿元。' });
    void land;
    let complaint = await this.records.recordComplaint(system, { projectId: ids[5], complainant: '投资方代表 郑先生', content: '施工许可窗口多次要求补交同一材料。', receivedOn: '2026-07-20' });
    complaint = await this.records.complaintStep(system, complaint.id, 'assign', { version: complaint.version, unit: '鹿城区效能办' });
    complaint = await this.records.complaintStep(system, complaint.id, 'handle', { version: complaint.version, text: '约谈窗口负责人，实行一次性告知。', on: '2026-07-28' });
    await this.records.complaintStep(system, complaint.id, 'close', { version: complaint.version, text: '投资方表示满意，许可已核发。', on: '2026-08-05' });

    // The service officer's own account: a project official who sees the projects assigned to her.
    await this.dataSource.transaction(async (em) => {
      if (await em.exists(UserEntity, { where: { email: DEMO_PROJECT_OFFICIAL } })) return;
      const result = await em.insert(UserEntity, {
        email: DEMO_PROJECT_OFFICIAL,
        displayName: '吴丽华（服务员）',
        role: Role.ProjectOfficial,
        officialId: officials.get('吴丽华') as string,
        passwordHash: await this.passwords.hash(password),
      });
      const user = await em.findOneOrFail(UserEntity, { where: { id: (result.identifiers[0] as { id: string }).id } });
      await this.audit.record(em, { operation: 'user.create', entityType: 'User', entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'demo seed' } });
      await em.insert(SeedRunEntity, { name: step });
    });
    if (!(await this.dataSource.getRepository(SeedRunEntity).exists({ where: { name: step } }))) await this.dataSource.getRepository(SeedRunEntity).insert({ name: step });
    this.log.log(`Seeded ${PROJECTS.length} investment projects with funds in place, targets, officials, problems and a complaint`);
    return true;
  }
}
