export * from './entities/audit-event.entity';
export * from './services/audit.service';
export * from './utils/audit-diff';
export * from './audit.module';
