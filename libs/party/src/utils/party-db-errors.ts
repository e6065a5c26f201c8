interface PgError {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

/** The SQLSTATE and constraint of a database refusal (TypeORM wraps the driver's error). */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  const e = error as PgError;
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/** Whether the database refused with this constraint (unique 23505, check 23514, FK 23503, exclusion 23P01). */
export function refusedBy(error: unknown, constraint: string): boolean {
  return pgError(error).constraint === constraint;
}
