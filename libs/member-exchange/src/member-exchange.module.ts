import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChamberModule } from '@crm/chamber';
import { ExchangeModule, importUploadsModule } from '@crm/exchange';
import { MemberModule } from '@crm/member';
import { MemberImportScope } from './access/member-import.scope';
import { MemberImportController } from './controllers/member-import.controller';
import { MemberImportRowEntity } from './entities/member-import-row.entity';
import { MemberImportEntity } from './entities/member-import.entity';
import { MemberImportResolver } from './resolvers/member-import.resolver';
import { MemberImportCommitter } from './services/member-import-committer';
import { MemberImportService } from './services/member-import.service';
import { MemberImportValidator } from './services/member-import-validator';

/** Member import (upload, validate, commit as jobs) — export lives in ./export. */
@Module({
  imports: [
    ChamberModule,
    ExchangeModule,
    MemberModule,
    TypeOrmModule.forFeature([MemberImportEntity, MemberImportRowEntity]),
    // Uploads stream to a temporary file (never into memory), at most IMPORT_MAX_MB.
    importUploadsModule(),
  ],
  controllers: [MemberImportController],
  providers: [MemberImportScope, MemberImportValidator, MemberImportCommitter, MemberImportService, MemberImportResolver],
  exports: [MemberImportService, MemberImportCommitter],
})
export class MemberExchangeModule {}
