import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@crm/shared';
import { buildDataSourceOptions } from './data-source-options';
import { DatabaseHealthService } from './database-health.service';

/** The TypeORM connection for a database URL already migrated by runMigrations(). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions({ url, poolSize: config.DB_POOL_SIZE }),
            autoLoadEntities: true,
            // Fail fast at boot instead of retrying for half a minute.
            retryAttempts: 1,
          }),
        }),
      ],
      providers: [DatabaseHealthService],
      exports: [DatabaseHealthService],
    };
  }
}
