export type SpreadsheetErrorReason =
  | 'UNSUPPORTED_FILE_TYPE'
  | 'EMPTY_FILE'
  | 'CORRUPT_FILE'
  | 'TOO_MANY_COLUMNS'
  | 'CELL_TOO_LONG';

/**
 * A problem with the file itself (as opposed to a problem of the caller or of the disk, which
 * surface as the original error). The message is meant for the person who uploaded the file;
 * `reason` is the stable code to branch on.
 */
export class SpreadsheetError extends Error {
  override readonly name = 'SpreadsheetError';

  constructor(
    readonly reason: SpreadsheetErrorReason,
    message: string,
    /** 1-based, as the spreadsheet numbers rows; absent when the problem is not in one row. */
    readonly rowNumber?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
