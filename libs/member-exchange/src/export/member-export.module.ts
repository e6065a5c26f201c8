import { Module } from '@nestjs/common';
import { ExchangeModule } from '@crm/exchange';
import { MemberModule } from '@crm/member';
import { MemberExportController } from './member-export.controller';
import { MemberExportService } from './member-export.service';

/**
 * The member export (docs/member-exchange.md, "Export") on the shared TableExporter.
 * AccessService, AuditService and RegionService come from their global modules.
 */
@Module({
  imports: [ExchangeModule, MemberModule],
  controllers: [MemberExportController],
  providers: [MemberExportService],
  exports: [MemberExportService],
})
export class MemberExportModule {}
