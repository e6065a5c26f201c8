import { BilingualMessage, defineErrors, defineMessages, ErrorCode, localized, Localized } from '@crm/shared';

/**
 * The refusals every import kind shares: errors the API throws (ImportErrors) and why a file as a
 * whole could not be read (ImportFileFailures). The problems of single rows are each kind's own
 * (a stable reason code, an English and a Chinese message: ImportRowError).
 */
export const ImportErrors = defineErrors('import', {
  NO_FILE: {
    code: ErrorCode.BadUserInput,
    en: 'Send the spreadsheet as multipart/form-data in the field "file"',
    zh: '请以 multipart/form-data 方式上传表格文件（字段名为 file）',
  },
  STALE_VERSION: {
    code: ErrorCode.Conflict,
    en: (p: { current: number; read: number }) => `The import changed meanwhile (version ${p.current}, you read ${p.read}); reload it`,
    zh: (p) => `导入任务在此期间有了变化（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
  },
  MODE_MISMATCH: {
    code: ErrorCode.BadUserInput,
    en: (p: { mode: string }) => `The commit is under way with mode ${p.mode}; resume it with the same mode`,
    zh: (p) => `导入正在以 ${p.mode} 方式进行；继续导入时请使用相同的方式`,
  },
  HAS_ERRORS: {
    code: ErrorCode.Conflict,
    en: (p: { rows: number }) => `${p.rows} rows have errors: download the report, correct the file and upload it again (nothing is imported while a row is bad)`,
    zh: (p) => `有 ${p.rows} 行存在错误：请下载错误报告，改正文件后重新上传（只要有一行有错，就不会导入任何数据）`,
  },
  NOT_VALIDATED: {
    code: ErrorCode.Conflict,
    reason: 'NOT_VALIDATED',
    en: (p: { status: string }) => `An import can be committed once validated; this one is ${p.status}`,
    zh: (p) => `导入任务须校验通过后才能导入；当前状态为 ${p.status}`,
  },
  ALREADY_FINISHED: {
    code: ErrorCode.Conflict,
    reason: 'ALREADY_FINISHED',
    en: (p: { status: string }) => `The import is already ${p.status}`,
    zh: (p) => `导入任务已经${p.status}`,
  },
});

/** An import status as the messages say it: `committed` / 完成. */
export const importStatusText = (status: string): Localized =>
  localized(status.toLowerCase(), ({ COMMITTED: '完成', CANCELLED: '取消' } as Record<string, string>)[status] ?? status);

/** Why a file as a whole could not be imported (the job's `failure`), by its reason. */
export const ImportFileFailures = defineMessages({
  MISSING_COLUMN: {
    en: (p: { columns: string; rows: number }) => `No header row with the required column ${p.columns} in the first ${p.rows} rows; use the template's headers`,
    zh: (p) => `前 ${p.rows} 行中没有包含必填列“${p.columns}”的表头行；请使用模板中的列名`,
  },
  DUPLICATE_COLUMN: {
    en: (p: { first: string; second: string }) => `The columns ${p.first} and ${p.second} are the same column; keep one`,
    zh: (p) => `“${p.first}”和“${p.second}”是同一列；请只保留一列`,
  },
  NO_ROWS: { en: 'The file has a header but no data rows', zh: '文件只有表头，没有数据行' },
  TOO_MANY_ROWS: {
    en: (p: { max: number }) => `The file has more than ${p.max} rows; split it`,
    zh: (p) => `文件超过 ${p.max} 行；请拆分后分别导入`,
  },
  FILE_GONE: { en: 'The uploaded file is no longer stored; upload it again', zh: '上传的文件已不在服务器上；请重新上传' },
});

/** What a kind says in its own words (they name its mutation and what it imports). */
export interface ImportKindTexts {
  /** The uploader's account lost the kind's permission (or was disabled) before a job ran. */
  uploaderNotAllowed(): BilingualMessage;
  /** The sweep gave up after `runs` failed runs; `committing`: the commit can be resumed. */
  gaveUp(p: { runs: number; committing: boolean }): BilingualMessage;
}

/** Chinese for what the spreadsheet reader refused (its messages are English), by reason. */
export function spreadsheetFailureZh(reason: string, rowNumber?: number | null): string {
  const at = rowNumber ? `第 ${rowNumber} 行：` : '';
  switch (reason) {
    case 'EMPTY_FILE':
      return '文件是空的';
    case 'UNSUPPORTED_FILE_TYPE':
      return '不支持这种文件：请上传 .xlsx 或 .csv 文件（旧版 .xls、加密或其他格式请先另存为 .xlsx）';
    case 'CORRUPT_FILE':
      return `${at}文件已损坏或无法读取`;
    case 'TOO_MANY_COLUMNS':
      return `${at}列数过多`;
    case 'CELL_TOO_LONG':
      return `${at}单元格内容过长`;
    default:
      return `${at}文件无法读取`;
  }
}
