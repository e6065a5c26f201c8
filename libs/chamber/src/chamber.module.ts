import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberEventEntity } from './entities/chamber-event.entity';
import { ChamberPositionEntity } from './entities/chamber-position.entity';
import { ChamberTermEntity } from './entities/chamber-term.entity';
import { ChamberEntity } from './entities/chamber.entity';
import { GuildHallEntity } from './entities/guild-hall.entity';
import { ChamberResolver } from './resolvers/chamber.resolver';
import { ChamberService } from './services/chamber.service';

/** Chambers of commerce: hierarchy, lifecycle, leadership, guild halls, roll-ups and coverage. */
@Module({
  imports: [TypeOrmModule.forFeature([ChamberEntity, ChamberEventEntity, ChamberTermEntity, ChamberPositionEntity, GuildHallEntity])],
  providers: [ChamberService, ChamberResolver],
  exports: [ChamberService],
})
export class ChamberModule {}
