export enum MemberImportStatus {
  /** The file is stored; validation is queued. */
  Uploaded = 'UPLOADED',
  Validating = 'VALIDATING',
  /** Every row is good: ready to commit. */
  Validated = 'VALIDATED',
  /** Some rows are bad: see the report, fix the file, upload it again. Cannot be committed. */
  Invalid = 'INVALID',
  /** The file itself could not be read (not a spreadsheet, no header, a required column missing …). */
  Failed = 'FAILED',
  Committing = 'COMMITTING',
  Committed = 'COMMITTED',
  Cancelled = 'CANCELLED',
}

/** What a row that matches an existing member does to it. */
export enum MemberImportMode {
  /** Leave the member as it is. */
  Skip = 'SKIP',
  /** The file's non-empty cells overwrite; phones, tags and designations are added to. */
  Update = 'UPDATE',
  /** Only the member's empty fields are filled. */
  FillEmpty = 'FILL_EMPTY',
}

/** What committing a row did. */
export enum MemberImportAction {
  Created = 'CREATED',
  Updated = 'UPDATED',
  /** Matched, and the mode is SKIP. */
  Skipped = 'SKIPPED',
  /** Matched, and the row would change nothing. */
  Unchanged = 'UNCHANGED',
  /** The base changed since validation in a way the row cannot be applied to (reason in errors). */
  Failed = 'FAILED',
}
