import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { EventModule } from '@crm/event';
import { HonorModule } from '@crm/honor';
import { InvestmentModule } from '@crm/investment';
import { NoticeModule } from '@crm/notice';
import { MemberModule } from '@crm/member';
import { PartyModule } from '@crm/party';
import { OfficialModule } from '@crm/official';
import { UserModule } from '@crm/user';
import { VisitModule } from '@crm/visit';
import { DemoFlowSeed } from './demo-flow.seed';
import { DemoHonoursSeed } from './demo-honours.seed';
import { DemoInvestmentSeeder } from './demo-investment';
import { DemoSeedService } from './demo-seed.service';
import { DemoVisitsSeeder } from './demo-visits';
import { SeedRunEntity } from './entities/seed-run.entity';

/** Start-up data: the first administrator and the demo data set. */
@Module({
  imports: [TypeOrmModule.forFeature([SeedRunEntity]), UserModule, ChamberModule, MemberModule, PartyModule, OfficialModule, VisitModule, HonorModule, InvestmentModule, NoticeModule, EventModule],
  providers: [DemoSeedService, DemoVisitsSeeder, DemoHonoursSeed, DemoInvestmentSeeder, DemoFlowSeed],
  exports: [DemoSeedService],
})
export class DemoModule {}
