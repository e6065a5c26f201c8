export * from './entities/stored-file.entity';
export * from './services/file-store';
export * from './exceptions/storage.errors';
export * from './storage.module';
