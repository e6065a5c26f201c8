/** Tuning of the member export; the defaults are the production values. */
export interface MemberExportOptions {
  /** Members per keyset batch (one statement for the members, three for their related rows). */
  batchSize: number;
  /**
   * Exports running at once in this process. Each holds one database connection for its whole
   * download, so a few slow downloads must not take the pool from the API.
   */
  maxConcurrent: number;
}

export const MEMBER_EXPORT_OPTIONS = Symbol('MEMBER_EXPORT_OPTIONS');

export const DEFAULT_MEMBER_EXPORT_OPTIONS: Readonly<MemberExportOptions> = Object.freeze({ batchSize: 2000, maxConcurrent: 2 });
