import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OfficialScope } from './access/official.scope';
import { OfficialEntity } from './entities/official.entity';
import { OfficialResolver } from './resolvers/official.resolver';
import { OfficialService } from './services/official.service';

/** Officials (干部): the directory the visits and the investment context assign people from. */
@Module({
  imports: [TypeOrmModule.forFeature([OfficialEntity])],
  providers: [OfficialScope, OfficialService, OfficialResolver],
  exports: [OfficialService],
})
export class OfficialModule {}
