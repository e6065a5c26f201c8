import { DynamicModule } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@crm/shared';

/**
 * The multer set-up every import controller needs (a kind's module imports it): uploads stream
 * to a temporary file, never into memory, at most IMPORT_MAX_MB, one file. Without it
 * FileInterceptor keeps the file in memory and hands the engine no path.
 */
export function importUploadsModule(): DynamicModule {
  return MulterModule.registerAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      dest: join(tmpdir(), 'crm-uploads'),
      limits: { fileSize: config.IMPORT_MAX_MB * 1024 * 1024, files: 1, fields: 5, parts: 6 },
    }),
  });
}
