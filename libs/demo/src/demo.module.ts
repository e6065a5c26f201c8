import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { PartyModule } from '@crm/party';
import { OfficialModule } from '@crm/official';
import { UserModule } from '@crm/user';
import { VisitModule } from '@crm/visit';
import { DemoSeedService } from './demo-seed.service';
import { DemoVisitsSeeder } from './demo-visits';
import { SeedRunEntity } from './entities/seed-run.entity';

/** Start-up data: the first administrator and the demo data set. */
@Module({
  imports: [TypeOrmModule.forFeature([SeedRunEntity]), UserModule, ChamberModule, MemberModule, PartyModule, OfficialModule, VisitModule],
  providers: [DemoSeedService, DemoVisitsSeeder],
  exports: [DemoSeedService],
})
export class DemoModule {}
