import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionEntity, RegionSourceEntity } from './entities/region.entity';
import { RegionResolver } from './resolvers/region.resolver';
import { RegionService } from './services/region.service';

/** GB/T 2260 divisions: reference data every domain uses. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, RegionSourceEntity])],
  providers: [RegionService, RegionResolver],
  exports: [RegionService],
})
export class RegionModule {}
