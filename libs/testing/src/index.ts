export * from './test-app';
export * from './factories';
export * from './assertions';
export * from './sql-counter';
export * from './member-factories';
export * from './spreadsheet-files';
export * from './visit-factories';
