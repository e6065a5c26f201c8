import { ImportJobDto, ImportJobRecord, ImportRowErrorsDto, ImportStatus } from '@crm/exchange';

// What every import kind's GraphQL job shows the same way (member, party member and campaign
// imports map their records through these): progress, the failure's Chinese, the bad rows.

const record = (over: Partial<ImportJobRecord> = {}): ImportJobRecord => ({
  id: '6f1c2a4e-0000-4000-8000-000000000001',
  createdBy: '6f1c2a4e-0000-4000-8000-000000000002',
  fileName: '名单.xlsx',
  fileSize: '20480',
  storedFile: 'stored',
  format: 'xlsx',
  encoding: null,
  status: ImportStatus.Validated,
  mode: null,
  columns: [{ index: 0, header: '姓名', key: 'name' }],
  ignoredColumns: ['微信'],
  failure: null,
  totalRows: 200,
  errorRows: 0,
  matchedRows: 3,
  doneRows: 0,
  createdCount: 0,
  updatedCount: 0,
  skippedCount: 0,
  unchangedCount: 0,
  failedCount: 0,
  commitCursor: 0,
  attempts: 0,
  heartbeatAt: null,
  validatedAt: new Date('2026-12-01T08:00:00Z'),
  commitStartedAt: null,
  finishedAt: null,
  version: 3,
  createdAt: new Date('2026-12-01T07:59:00Z'),
  updatedAt: new Date('2026-12-01T08:00:00Z'),
  ...over,
});

describe('ImportJobDto.fields', () => {
  it('shows the file, its columns and the kind’s report route; no progress before the commit', () => {
    const dto = ImportJobDto.fields(record(), '/contact-imports/x/report.csv');
    expect(dto).toEqual({
      id: '6f1c2a4e-0000-4000-8000-000000000001',
      fileName: '名单.xlsx',
      fileSize: 20480,
      format: 'xlsx',
      columns: [{ header: '姓名', key: 'name' }],
      ignoredColumns: ['微信'],
      failure: null,
      totalRows: 200,
      errorRows: 0,
      doneRows: 0,
      progress: null,
      reportUrl: '/contact-imports/x/report.csv',
      createdAt: new Date('2026-12-01T07:59:00Z'),
      validatedAt: new Date('2026-12-01T08:00:00Z'),
      finishedAt: null,
      version: 3,
    });
  });

  it('shows commit progress as done rows over all rows, and 1 for a committed import of no rows', () => {
    expect(ImportJobDto.fields(record({ status: ImportStatus.Committing, doneRows: 50 }), '/r').progress).toBe(0.25);
    expect(ImportJobDto.fields(record({ status: ImportStatus.Committed, totalRows: 0 }), '/r').progress).toBe(1);
    expect(ImportJobDto.fields(record({ status: ImportStatus.Cancelled, doneRows: 50 }), '/r').progress).toBeNull();
  });

  it('gives a failure recorded before it had Chinese its English message', () => {
    const dto = ImportJobDto.fields(record({ status: ImportStatus.Failed, failure: { reason: 'EMPTY_FILE', message: 'the file is empty' } }), '/r');
    expect(dto.failure).toEqual({ reason: 'EMPTY_FILE', message: 'the file is empty', messageZh: 'the file is empty', rowNumber: null });
  });
});

describe('ImportRowErrorsDto.from', () => {
  const row = {
    rowNumber: 7,
    errors: [
      { column: '手机号码', value: '123', reason: 'INVALID_PHONE', message: '123 is too short', messageZh: '号码 123 位数不对' },
      { column: null, value: null, reason: 'DUPLICATE_IN_FILE', message: 'same as row 3' },
    ],
  };

  it('keeps each error’s Chinese, and gives an error staged without it the kind’s Chinese for its reason', () => {
    const dto = ImportRowErrorsDto.from(row, (reason) => (reason === 'DUPLICATE_IN_FILE' ? '文件中有重复' : '此项有误'));
    expect(dto).toEqual({
      rowNumber: 7,
      errors: [
        { column: '手机号码', value: '123', reason: 'INVALID_PHONE', message: '123 is too short', messageZh: '号码 123 位数不对' },
        { column: null, value: null, reason: 'DUPLICATE_IN_FILE', message: 'same as row 3', messageZh: '文件中有重复' },
      ],
    });
  });

  it('falls back to the English message when the kind has no Chinese for reasons, and to no errors for a row without any', () => {
    expect(ImportRowErrorsDto.from(row).errors[1].messageZh).toBe('same as row 3');
    expect(ImportRowErrorsDto.from({ rowNumber: 9, errors: null })).toEqual({ rowNumber: 9, errors: [] });
  });
});
