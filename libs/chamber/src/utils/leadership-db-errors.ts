import { EntityManager } from 'typeorm';
import { localized } from '@crm/shared';
import { PositionType } from '../entities/chamber.enums';
import { ChamberErrors, termText } from '../exceptions/chamber.errors';

/** Chinese titles of the positions, for messages. */
export const POSITION_LABEL: Readonly<Record<PositionType, string>> = {
  [PositionType.HonoraryPresident]: '名誉会长',
  [PositionType.President]: '会长',
  [PositionType.ExecutiveVicePresident]: '常务副会长',
  [PositionType.VicePresident]: '副会长',
  [PositionType.SecretaryGeneral]: '秘书长',
  [PositionType.DeputySecretaryGeneral]: '副秘书长',
  [PositionType.SupervisorChair]: '监事长',
  [PositionType.Supervisor]: '监事',
  [PositionType.Director]: '理事',
};

/** How a term is named in messages: 第3届 (2016-05-01 – 2021-05-01), or "– now" while it runs. */
export function describeTerm(t: { number: number; startsOn: string; endsOn: string | null }): string {
  return `第${t.number}届 (${t.startsOn} – ${t.endsOn ?? 'now'})`;
}

function pg(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/** What the failed write was about, and where its fields sit in the caller's input. */
export interface LeadershipErrorContext {
  chamberId?: string;
  termId?: string;
  number?: number;
  startsOn?: string;
  endsOn?: string | null;
  position?: PositionType;
  /** Field blamed for an overlap (default `input.startsOn`). */
  overlapField?: string;
  numberField?: string;
  positionField?: string;
  endsOnField?: string;
  memberField?: string;
}

/**
 * Turns what the database refused on terms and positions into an error a client can act on:
 * the exclusion constraint (overlapping terms, SQLSTATE 23P01) and the unique indexes are the
 * final word even when a service checked first. Runs after the failed transaction, with a
 * manager outside it. Returns the original error when it is not one of these.
 */
export async function translateLeadershipError(error: unknown, em: EntityManager, ctx: LeadershipErrorContext): Promise<unknown> {
  const { code, constraint } = pg(error);
  if (code === '23P01' && constraint === 'ex_chamber_term_overlap') {
    const field = ctx.overlapField ?? 'input.startsOn';
    const [other] = ctx.chamberId && ctx.startsOn
      ? ((await em.query(
          `SELECT number, starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM chamber_term
           WHERE chamber_id = $1 AND daterange(starts_on, ends_on, '[)') && daterange($2::date, $3::date, '[)')
           ORDER BY starts_on LIMIT 1`,
          [ctx.chamberId, ctx.startsOn, ctx.endsOn ?? null],
        )) as { number: number; startsOn: string; endsOn: string | null }[])
      : [];
    return ChamberErrors.TERMS_OVERLAP({ term: other ? termText(other) : undefined }, { field });
  }
  if (code === '23505' && constraint === 'ux_chamber_term_number') {
    return ChamberErrors.TERM_NUMBER_TAKEN({ number: ctx.number ?? localized('?', '?'), chamber: localized('this chamber', '该商会') }, { field: ctx.numberField ?? 'input.number' });
  }
  if (code === '23505' && constraint === 'ux_chamber_position_single') {
    const [holder] = ctx.termId && ctx.position
      ? ((await em.query(`SELECT id, holder_name AS "holderName" FROM chamber_position WHERE term_id = $1 AND position = $2`, [ctx.termId, ctx.position])) as {
          id: string;
          holderName: string;
        }[])
      : [];
    const title = ctx.position ? POSITION_LABEL[ctx.position] : localized('position', '职务');
    return ChamberErrors.POSITION_TAKEN({ position: title, holder: holder?.holderName }, { field: ctx.positionField ?? 'input.position', extensions: { holderPositionId: holder?.id } });
  }
  if (code === '23503' && constraint === 'fk_chamber_position_member') {
    return ChamberErrors.UNKNOWN_MEMBER({}, { field: ctx.memberField ?? 'input.memberId' });
  }
  if (code === '23514' && (constraint === 'ck_chamber_term_dates' || constraint === 'ck_chamber_position_dates')) {
    return ChamberErrors.DATES_REVERSED({}, { field: ctx.endsOnField ?? 'input.endsOn' });
  }
  if (code === '23514' && constraint === 'ck_chamber_term_number') {
    return ChamberErrors.TERM_NUMBER_INVALID({}, { field: ctx.numberField ?? 'input.number' });
  }
  return error;
}
