import { AppError } from '@crm/shared';
import { HonorErrors } from '../exceptions/honor.errors';

/** What a refused statement's SQLSTATE and constraint say, named for the caller's input. */
export interface HonorDbErrorContext {
  /** Field paths of the input, by what they hold. */
  fields?: { honorTypeId?: string; subjectId?: string; certificates?: string; name?: string; subjectKind?: string };
  typeName?: string;
  subjectLabel?: string;
  quota?: number;
  year?: number;
  roundName?: string;
}

function pgError(error: unknown): { code?: string; constraint?: string; detail?: string } {
  const e = error as { code?: string; constraint?: string; detail?: string; driverError?: { code?: string; constraint?: string; detail?: string } };
  return e.driverError ?? e;
}

/**
 * Turns a constraint the database enforced into the honour catalogue's refusal; anything else is
 * returned as it came (an AppError thrown inside the transaction, or a real failure).
 */
export function translateHonorError(error: unknown, ctx: HonorDbErrorContext = {}): unknown {
  if (error instanceof AppError) return error;
  const { code, constraint, detail } = pgError(error);
  const f = ctx.fields ?? {};
  if (code === '23514' && constraint === 'ck_honor_round_type_quota') {
    return HonorErrors.QUOTA_EXCEEDED({ type: ctx.typeName ?? '—', quota: ctx.quota ?? 0 }, { field: f.honorTypeId ?? 'honorTypeId' });
  }
  if (code === '23505' && constraint === 'ux_honor_nomination_live') {
    return HonorErrors.ALREADY_NOMINATED({ subject: ctx.subjectLabel ?? '—', type: ctx.typeName ?? '—' }, { field: f.subjectId ?? 'subjectId' });
  }
  if (code === '23505' && constraint === 'ux_honor_award_certificate') {
    const number = /\(.*?, (.*)\)=/.exec(detail ?? '')?.[1] ?? /=\([^,]*, (.*)\)/.exec(detail ?? '')?.[1] ?? '—';
    return HonorErrors.CERTIFICATE_TAKEN({ number }, { field: f.certificates ?? 'certificateNo' });
  }
  if (code === '23505' && constraint === 'ux_honor_award_active') {
    return HonorErrors.ALREADY_AWARDED({ subject: ctx.subjectLabel ?? '—', type: ctx.typeName ?? '—', year: ctx.year ?? 0 }, { field: f.subjectId ?? 'subjectId' });
  }
  if (code === '23505' && constraint === 'ux_honor_type_name') return HonorErrors.TYPE_NAME_TAKEN({ name: ctx.typeName ?? '—' }, { field: f.name ?? 'name' });
  if (code === '23505' && constraint === 'ux_honor_round_name') return HonorErrors.ROUND_NAME_TAKEN({ name: ctx.roundName ?? '—' }, { field: f.name ?? 'name' });
  if (code === '23503' && (constraint === 'fk_honor_nomination_type_kind' || constraint === 'fk_honor_award_type_kind')) {
    return HonorErrors.TYPE_KIND_IN_USE({ type: ctx.typeName ?? '—' }, { field: f.subjectKind ?? 'subjectKind' });
  }
  if (code === '23514' && constraint === 'ck_honor_type_designation') return HonorErrors.DESIGNATION_NEEDS_MEMBER({}, { field: 'input.grantsDesignation' });
  return error;
}

/** Refuses a stale optimistic version with the project's CONFLICT (extensions.currentVersion). */
export function checkVersion(current: number, read: number, field = 'input.version'): void {
  if (Number(current) !== read) throw HonorErrors.STALE_VERSION({ current: Number(current), read }, { field, extensions: { currentVersion: Number(current) } });
}
