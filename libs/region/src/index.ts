export * from './entities/region.entity';
export * from './dtos/region.dto';
export * from './services/region.service';
export * from './exceptions/region.errors';
export * from './utils/pinyin';
export * from './utils/sync-regions';
export * from './region.module';
