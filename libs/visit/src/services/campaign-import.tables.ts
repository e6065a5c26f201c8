import { ImportTables } from '@crm/exchange';

/** The campaign kind's job and row tables (the common shape, docs/exchange.md "Tables"). */
export const CAMPAIGN_IMPORT_TABLES: ImportTables = {
  job: 'campaign_import',
  row: 'campaign_import_row',
  statusType: 'text',
  actionType: 'text',
  matchedColumn: 'matched_assignment_id',
  targetColumn: 'assignment_id',
};

/** The one mode: rows are added; a row already in the same group is left as it is. */
export const CAMPAIGN_IMPORT_MODE = 'ADD';
