export * from './entities/seed-run.entity';
export * from './demo-seed.service';
export * from './demo.module';
export * from './scale';
export * from './demo-chambers';
