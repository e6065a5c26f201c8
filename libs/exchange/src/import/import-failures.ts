import { BilingualMessage } from '@crm/shared';

/** One problem in one cell (or the row as a whole when `column` is null). */
export interface ImportRowError {
  column: string | null;
  /**
   * The cell as given. Personal data is masked, except a value that failed its own check (an
   * impossible ID number, a malformed phone): that one is shown as typed, since the uploader
   * must find it in their file. Who reads a report is the uploader or an administrator.
   */
  value: string | null;
  reason: string;
  /** English, as every `message` of the API. */
  message: string;
  /** Chinese, for the person who uploaded (the report's 说明 column); rows staged before it existed lack it. */
  messageZh?: string;
}

/** Why a file as a whole could not be imported (the job's `failure`). */
export interface ImportFailure {
  reason: string;
  message: string;
  /** The same in Chinese (failures recorded before it existed lack it). */
  messageZh?: string;
  rowNumber?: number;
}

/** Why the file as a whole cannot be imported; `message` is English, `messageZh` Chinese. */
export class ImportFileError extends Error {
  readonly messageZh: string;

  constructor(
    readonly reason: string,
    text: BilingualMessage,
    readonly rowNumber?: number,
  ) {
    super(text.message);
    this.messageZh = text.messageZh;
  }
}

/** Thrown inside a batch when the import was cancelled meanwhile: the job stops quietly. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled');
  }
}

/** Rows staged (validation) or committed (one transaction) at a time. */
export const IMPORT_BATCH_ROWS = 1000;
export const IMPORT_MAX_ROWS = 500_000;
/** A validation or commit that has not beaten for this long is taken for dead. */
export const STALE_LEASE_SECONDS = 120;
/** Job runs an import gets (counting resumes after crashes) before the sweep gives up on it. */
export const MAX_ATTEMPTS = 8;
/** Batches committed at once by default, each on its own connection (IMPORT_COMMIT_CONNECTIONS). */
export const IMPORT_COMMIT_CONNECTIONS = 2;
