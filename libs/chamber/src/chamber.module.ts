import { Module } from '@nestjs/common';
import { ChamberScope } from './access/chamber.scope';
import { ChamberReadModel } from './services/chamber-read-model';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberEventEntity } from './entities/chamber-event.entity';
import { ChamberPositionEntity } from './entities/chamber-position.entity';
import { ChamberTermEntity } from './entities/chamber-term.entity';
import { ChamberEntity } from './entities/chamber.entity';
import { GuildHallEntity } from './entities/guild-hall.entity';
import { ChamberResolver } from './resolvers/chamber.resolver';
import { ChamberQueryResolver } from './resolvers/chamber-query.resolver';
import { ChamberCoverageService } from './services/chamber-coverage.service';
import { ChamberQueryService } from './services/chamber-query.service';
import { ChamberService } from './services/chamber.service';
import { ChamberLeadershipResolver, ChamberPositionResolver, ChamberTermResolver } from './resolvers/chamber-leadership.resolver';
import { ChamberEventResolver, ChamberLifecycleResolver } from './resolvers/chamber-lifecycle.resolver';
import { ChamberGuildHallResolver, GuildHallResolver } from './resolvers/guild-hall.resolver';
import { ChamberLeadershipService } from './services/chamber-leadership.service';
import { ChamberLifecycleService } from './services/chamber-lifecycle.service';
import { ChamberMergeParticipants } from './services/chamber-merge-participants';
import { GuildHallService } from './services/guild-hall.service';

/** Chambers of commerce: hierarchy, lifecycle, leadership, guild halls, roll-ups and coverage. */
@Module({
  imports: [TypeOrmModule.forFeature([ChamberEntity, ChamberEventEntity, ChamberTermEntity, ChamberPositionEntity, GuildHallEntity])],
  providers: [
    ChamberScope,
    ChamberService, ChamberReadModel, ChamberResolver, ChamberQueryService, ChamberCoverageService, ChamberQueryResolver,
    // Lifecycle, leadership, guild halls:
    ChamberMergeParticipants, ChamberLifecycleService, ChamberLeadershipService, GuildHallService,
    ChamberLifecycleResolver, ChamberEventResolver, ChamberLeadershipResolver, ChamberTermResolver, ChamberPositionResolver, GuildHallResolver, ChamberGuildHallResolver,
  ],
  exports: [ChamberService, ChamberReadModel, ChamberQueryService, ChamberCoverageService,
    ChamberMergeParticipants, ChamberLifecycleService, ChamberLeadershipService, GuildHallService],
})
export class ChamberModule {}
