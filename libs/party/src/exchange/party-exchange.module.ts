import { Module } from '@nestjs/common';
import { ExchangeModule, importUploadsModule } from '@crm/exchange';
import { PartyModule } from '../party.module';
import { PartyMemberExchangeController } from './party-member-exchange.controller';
import { PartyMemberExportService } from './party-member-export.service';
import { PartyMemberImportResolver } from './party-member-import.resolver';
import { PartyMemberImportScope, PartyMemberImportService } from './party-member-import.service';

/**
 * Party members by spreadsheet, on the shared engine (@crm/exchange). A module of its own, as the
 * member exchange is: the engine needs the job queue, which the scale seed's context (and
 * anything else using PartyModule without jobs) does not start.
 */
@Module({
  imports: [PartyModule, ExchangeModule, importUploadsModule()],
  providers: [PartyMemberImportScope, PartyMemberImportService, PartyMemberExportService, PartyMemberImportResolver],
  controllers: [PartyMemberExchangeController],
  exports: [PartyMemberImportService],
})
export class PartyExchangeModule {}
