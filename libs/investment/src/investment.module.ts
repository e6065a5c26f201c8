import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Permission } from '@crm/auth';
import { ChamberModule } from '@crm/chamber';
import { FeedRegistry, IntegrationModule } from '@crm/integration';
import { JobsModule } from '@crm/jobs';
import { MemberModule } from '@crm/member';
import { OfficialModule } from '@crm/official';
import { RegionModule } from '@crm/region';
import { InvestmentProjectScope } from './access/investment-project.scope';
import { InvestmentReportController } from './controllers/investment-report.controller';
import { InvestmentProjectEntity, ProjectEnterpriseEntity, ProjectInvestorEntity } from './entities/investment-project.entity';
import {
  FundingRecordEntity,
  InvestmentTargetEntity,
  ProjectIssueEntity,
  ProjectNoteEntity,
  ProjectOfficialEntity,
  ProjectStageEventEntity,
  ServiceComplaintEntity,
} from './entities/investment-records.entity';
import { InvestmentProjectResolver, ProjectOfficialResolver } from './resolvers/investment-project.resolver';
import { ChamberRollupProjectsResolver, InvestmentRecordsResolver, InvestmentReportResolver, MemberProjectsResolver } from './resolvers/investment-records.resolver';
import { InvestmentExportService } from './services/investment-export.service';
import { ProjectChangesResolver } from './resolvers/project-changes.resolver';
import { InvestmentChamberMerge, InvestmentMemberMerge } from './services/investment-merge';
import { InvestmentProjectService } from './services/investment-project.service';
import { InvestmentReadService } from './services/investment-read.service';
import { InvestmentRecordsService } from './services/investment-records.service';
import { InvestmentReportService } from './services/investment-report.service';
import { InvestmentStallService } from './services/investment-stall.service';
import { InvestmentTargetService } from './services/investment-target.service';

/**
 * Returning-investment projects (温商回归项目, docs/investment.md): a bounded context that uses
 * the core only through its libraries' public index; the core never imports it.
 */
@Module({
  imports: [
    ChamberModule,
    MemberModule,
    OfficialModule,
    RegionModule,
    JobsModule,
    IntegrationModule,
    TypeOrmModule.forFeature([
      InvestmentProjectEntity, ProjectInvestorEntity, ProjectEnterpriseEntity, ProjectStageEventEntity, FundingRecordEntity,
      ProjectOfficialEntity, ProjectNoteEntity, ProjectIssueEntity, ServiceComplaintEntity, InvestmentTargetEntity,
    ]),
  ],
  controllers: [InvestmentReportController],
  providers: [
    InvestmentProjectScope,
    InvestmentProjectService, InvestmentRecordsService, InvestmentReadService, InvestmentReportService, InvestmentTargetService, InvestmentStallService, InvestmentExportService,
    InvestmentChamberMerge, InvestmentMemberMerge,
    InvestmentProjectResolver, ProjectOfficialResolver, InvestmentRecordsResolver, InvestmentReportResolver, ChamberRollupProjectsResolver, MemberProjectsResolver,
    ProjectChangesResolver,
  ],
  exports: [InvestmentProjectService, InvestmentRecordsService, InvestmentReportService, InvestmentStallService, InvestmentTargetService],
})
export class InvestmentModule implements OnModuleInit {
  constructor(private readonly feeds: FeedRegistry) {}

  /** The `projectChanges` feed (triggers: migration ProjectChanges); webhook types `project.*` follow from it. */
  onModuleInit(): void {
    this.feeds.register({ kind: 'project', entity: 'InvestmentProject', table: 'investment_project', permission: Permission.ProjectRead });
  }
}
