import { Module } from '@nestjs/common';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { HonorAwardScope, HonorBenefitScope, HonorNominationScope } from './access/honor.scope';
import { HonorExportController } from './controllers/honor-export.controller';
import { HonorAwardResolver, ChamberHonorsResolver, ChamberRollupHonorsResolver, MemberHonorsResolver } from './resolvers/honor-award.resolver';
import { HonorCatalogueResolver } from './resolvers/honor-catalogue.resolver';
import { HonorAwardFieldsResolver, HonorNominationResolver } from './resolvers/honor-nomination.resolver';
import { HonorAwardService } from './services/honor-award.service';
import { HonorBulkWriter } from './services/honor-bulk-writer';
import { HonorCatalogueService } from './services/honor-catalogue.service';
import { HonorDesignations } from './services/honor-designations';
import { HonorExportService } from './services/honor-export.service';
import { HonorChamberMerge, HonorMemberMerge } from './services/honor-merge-participants';
import { HonorNominationService } from './services/honor-nomination.service';
import { HonorQueryService } from './services/honor-query.service';
import { HonorRoundService } from './services/honor-round.service';
import { HonorSubjects } from './services/honor-subjects';

/** Honours (docs/honours.md): catalogue, rounds and nominations, awards, benefits to delivery. */
@Module({
  imports: [ChamberModule, MemberModule],
  controllers: [HonorExportController],
  providers: [
    HonorNominationScope, HonorAwardScope, HonorBenefitScope,
    HonorCatalogueService, HonorRoundService, HonorNominationService, HonorAwardService, HonorQueryService, HonorSubjects, HonorDesignations, HonorExportService, HonorBulkWriter,
    HonorMemberMerge, HonorChamberMerge,
    HonorCatalogueResolver, HonorNominationResolver, HonorAwardFieldsResolver, HonorAwardResolver, MemberHonorsResolver, ChamberHonorsResolver, ChamberRollupHonorsResolver,
  ],
  exports: [HonorBulkWriter, HonorCatalogueService, HonorRoundService, HonorNominationService, HonorAwardService, HonorQueryService],
})
export class HonorModule {}
