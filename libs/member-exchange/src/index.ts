export * from './columns/member-columns';
export * from './entities/member-import.enums';
export * from './entities/member-import.entity';
export * from './entities/member-import-row.entity';
export * from './member-exchange.module';
export * from './services/member-import.service';
export * from './services/member-import-committer';
export * from './services/import-row-parser';
