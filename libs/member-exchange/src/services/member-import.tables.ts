import { ImportTables } from '@crm/exchange';

/** The member kind's job and row tables (the common shape, docs/exchange.md "Tables"). */
export const MEMBER_IMPORT_TABLES: ImportTables = {
  job: 'member_import',
  row: 'member_import_row',
  statusType: 'member_import_status',
  actionType: 'member_import_action',
  matchedColumn: 'matched_member_id',
  targetColumn: 'member_id',
};
