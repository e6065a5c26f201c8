export * from './entities/seed-run.entity';
export * from './demo-seed.service';
export * from './demo.module';
