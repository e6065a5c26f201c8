export * from './member-export.module';
export * from './member-export.service';
export * from './member-export.options';
export * from './member-export.input';
export * from './member-export-row';
