import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangeModule } from '@crm/exchange';
import { AppConfig } from '@crm/shared';
import { CampaignImportScope } from './access/campaign-import.scope';
import { CampaignImportController } from './controllers/campaign-import.controller';
import { CampaignImportResolver } from './resolvers/campaign-import.resolver';
import { CampaignImportCommitter } from './services/campaign-import-committer';
import { CampaignImportValidator } from './services/campaign-import-validator';
import { CampaignImportService } from './services/campaign-import.service';
import { VisitModule } from './visit.module';

/** Campaign lists by spreadsheet (docs/visits.md, "Campaign lists by import"), on the shared import engine. */
@Module({
  imports: [
    VisitModule,
    ExchangeModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        dest: join(tmpdir(), 'crm-uploads'),
        limits: { fileSize: config.IMPORT_MAX_MB * 1024 * 1024, files: 1, fields: 5, parts: 6 },
      }),
    }),
  ],
  controllers: [CampaignImportController],
  providers: [CampaignImportScope, CampaignImportValidator, CampaignImportCommitter, CampaignImportService, CampaignImportResolver],
  exports: [CampaignImportService],
})
export class CampaignImportModule {}
