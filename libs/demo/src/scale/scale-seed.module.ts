import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { AuditModule } from '@crm/audit';
import { AuthModule } from '@crm/auth';
import { ChamberModule } from '@crm/chamber';
import { HonorModule } from '@crm/honor';
import { MemberModule } from '@crm/member';
import { PartyModule } from '@crm/party';
import { RegionModule } from '@crm/region';
import { AppConfig, AppConfigModule } from '@crm/shared';
import { UserEntity } from '@crm/user';

/**
 * What the scale seed writes members with: the member library (MemberWriter, EnterpriseService)
 * and what it needs (chambers, regions, access, audit), as an application context without
 * HTTP or GraphQL. Its own connection pool on the database the seed was given; the seed's
 * transaction runs on one of its connections.
 */
@Module({})
export class ScaleSeedModule {
  static forRoot(options: DataSourceOptions, config: AppConfig): DynamicModule {
    return {
      module: ScaleSeedModule,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...options, migrations: [], autoLoadEntities: true, retryAttempts: 1 }),
        AuthModule,
        AuditModule,
        RegionModule,
        ChamberModule,
        MemberModule,
        PartyModule,
        // Honours at scale (seedHonoursScale) are written through the honour library.
        HonorModule,
        // The seed's own account (registered_by and actor of what it writes), made as the demo makes its accounts.
        TypeOrmModule.forFeature([UserEntity]),
      ],
    };
  }
}
