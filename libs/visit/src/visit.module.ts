import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { OfficialModule } from '@crm/official';
import { CampaignScope } from './access/campaign.scope';
import { FeedbackScope } from './access/feedback.scope';
import { VisitScope } from './access/visit.scope';
import { CampaignAssignmentEntity, CampaignEntity, CampaignGroupEntity, CampaignGroupLeaderEntity } from './entities/campaign.entity';
import { FeedbackAnswerEntity, FeedbackEntity, FeedbackEventEntity } from './entities/feedback.entity';
import { VisitChamberEntity, VisitEnterpriseEntity, VisitEntity, VisitMemberEntity, VisitOfficialEntity } from './entities/visit.entity';
import { CampaignAssignmentResolver, CampaignGroupResolver, CampaignResolver } from './resolvers/campaign.resolver';
import { FeedbackResolver } from './resolvers/feedback.resolver';
import { ChamberRollupVisitsResolver, VisitChamberCountResolver, VisitOfficialCountResolver, VisitReportResolver } from './resolvers/visit-report.resolver';
import { VisitOfficialResolver, VisitResolver } from './resolvers/visit.resolver';
import { CampaignService } from './services/campaign.service';
import { FeedbackService } from './services/feedback.service';
import { VisitChamberMerge, VisitMemberMerge } from './services/visit-merge';
import { ContactHistoryContributors } from './services/contact-history-contributors';
import { VisitReportService } from './services/visit-report.service';
import { VisitService } from './services/visit.service';

/** Visits (走访), opinions followed to a response (意见建议), campaigns (活动) and their reports. */
@Module({
  imports: [
    ChamberModule,
    MemberModule,
    OfficialModule,
    TypeOrmModule.forFeature([
      VisitEntity, VisitOfficialEntity, VisitChamberEntity, VisitMemberEntity, VisitEnterpriseEntity,
      FeedbackEntity, FeedbackAnswerEntity, FeedbackEventEntity,
      CampaignEntity, CampaignGroupEntity, CampaignGroupLeaderEntity, CampaignAssignmentEntity,
    ]),
  ],
  providers: [
    VisitScope, FeedbackScope, CampaignScope,
    VisitService, FeedbackService, CampaignService, VisitReportService, VisitChamberMerge, VisitMemberMerge, ContactHistoryContributors,
    VisitResolver, VisitOfficialResolver, FeedbackResolver, CampaignResolver, CampaignGroupResolver, CampaignAssignmentResolver,
    VisitReportResolver, ChamberRollupVisitsResolver, VisitOfficialCountResolver, VisitChamberCountResolver,
  ],
  exports: [VisitService, FeedbackService, CampaignService, VisitReportService, ContactHistoryContributors],
})
export class VisitModule {}
