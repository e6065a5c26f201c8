import { EntityManager } from 'typeorm';
import { ChamberErrors } from '../exceptions/chamber.errors';

interface PgError {
  code?: string;
  constraint?: string;
  driverError?: { code?: string; constraint?: string };
}

function pg(error: unknown): { code?: string; constraint?: string } {
  const e = error as PgError;
  return { code: e.driverError?.code ?? e.code, constraint: e.driverError?.constraint ?? e.constraint };
}

/** Where a field sits in the caller's input, for error paths (`input.parentId`). */
export interface ChamberErrorContext {
  regionCode?: string | null;
  /** Whether the caller may read a chamber; a conflict names the holder only if so. */
  canSee?: (chamber: { id: string; ancestorIds: string[] }) => boolean;
  name?: string;
  parentField?: string;
  regionField?: string;
  nameField?: string;
  levelField?: string;
}

/**
 * Turns what the database refused (it is the final word on integrity) into the error a client
 * can act on. Returns the original error when it is not a known constraint. Must run after the
 * failed transaction, with a manager outside it, because the message names the chamber that
 * holds the place.
 */
export async function translateChamberError(error: unknown, em: EntityManager, ctx: ChamberErrorContext): Promise<unknown> {
  const { code, constraint } = pg(error);
  const parentField = ctx.parentField ?? 'input.parentId';
  if (code === '23505' && constraint === 'ux_chamber_one_per_locality') {
    const [found] = (await em.query(
      `SELECT c.id, c.name, c.ancestor_ids AS "ancestorIds", r.name AS region FROM chamber c LEFT JOIN region r ON r.code = c.region_code
       WHERE c.region_code = $1 AND c.status = 'ACTIVE' AND c.kind = 'REGIONAL'`,
      [ctx.regionCode],
    )) as { id: string; name: string; ancestorIds: string[]; region: string }[];
    const holder = found && (!ctx.canSee || ctx.canSee(found)) ? found : undefined;
    const place = found?.region ?? ctx.regionCode;
    return ChamberErrors.ONE_PER_LOCALITY(
      { place: place ?? '', holder: holder?.name },
      { field: ctx.regionField ?? 'input.regionCode', extensions: { holderId: holder?.id, holderName: holder?.name } },
    );
  }
  if (code === '23505' && constraint === 'ux_chamber_one_national') {
    const [found] = (await em.query(
      `SELECT id, name, ancestor_ids AS "ancestorIds" FROM chamber WHERE level = 'NATIONAL' AND status = 'ACTIVE' AND kind = 'REGIONAL'`,
    )) as { id: string; name: string; ancestorIds: string[] }[];
    const holder = found && (!ctx.canSee || ctx.canSee(found)) ? found : undefined;
    return ChamberErrors.ONE_NATIONAL({ holder: holder?.name }, { field: ctx.levelField ?? 'input.level', extensions: { holderId: holder?.id, holderName: holder?.name } });
  }
  if (code === '23505' && constraint === 'ux_chamber_live_name') {
    return ChamberErrors.NAME_TAKEN({ name: ctx.name ?? '' }, { field: ctx.nameField ?? 'input.name' });
  }
  if (code === '23514' && constraint === 'ck_chamber_no_cycle') {
    return ChamberErrors.PARENT_CYCLE({}, { field: parentField });
  }
  if (code === '23514' && constraint === 'ck_chamber_parent_level') {
    return ChamberErrors.PARENT_LEVEL({}, { field: parentField });
  }
  if (code === '23503' && constraint === 'fk_chamber_parent') {
    return ChamberErrors.UNKNOWN_PARENT({}, { field: parentField });
  }
  if (code === '23503' && constraint === 'fk_chamber_region') {
    return ChamberErrors.UNKNOWN_REGION({ code: ctx.regionCode ?? '' }, { field: ctx.regionField ?? 'input.regionCode' });
  }
  return error;
}
