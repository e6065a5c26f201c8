import { Module } from '@nestjs/common';
import { TableExporter } from './export/table-export';
import { ImportEngines } from './import/import-engines';
import { ImportFiles } from './import/import-files';

/**
 * The import and export machinery every kind shares (docs/exchange.md). A kind's module imports
 * it and plugs in: ImportEngines.create(kind) for an import, TableExporter.export(source) for an
 * export. AccessService, AuditService, JobQueue and AppConfig come from their global modules.
 */
@Module({
  providers: [ImportFiles, ImportEngines, TableExporter],
  exports: [ImportFiles, ImportEngines, TableExporter],
})
export class ExchangeModule {}
