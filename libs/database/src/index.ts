export * from './data-source-options';
export * from './run-migrations';
export * from './embedded/embedded-postgres';
export * from './database-health.service';
export * from './database.module';
export { MIGRATIONS } from './migrations';
export * from './lean-query';
export * from './startup-lock';
export * from './backup/backup-file';
