import { EntityManager } from 'typeorm';
import { BadInputError, ConflictError } from '@crm/shared';

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
    return new ConflictError(
      holder ? `${place} already has an active regional chamber: ${holder.name} (一地一会)` : `${place} already has an active regional chamber (一地一会)`,
      { field: ctx.regionField ?? 'input.regionCode', holderId: holder?.id, holderName: holder?.name },
    );
  }
  if (code === '23505' && constraint === 'ux_chamber_one_national') {
    const [found] = (await em.query(
      `SELECT id, name, ancestor_ids AS "ancestorIds" FROM chamber WHERE level = 'NATIONAL' AND status = 'ACTIVE' AND kind = 'REGIONAL'`,
    )) as { id: string; name: string; ancestorIds: string[] }[];
    const holder = found && (!ctx.canSee || ctx.canSee(found)) ? found : undefined;
    return new ConflictError(holder ? `There is already an active national chamber: ${holder.name}` : 'There is already an active national chamber', {
      field: ctx.levelField ?? 'input.level',
      holderId: holder?.id,
      holderName: holder?.name,
    });
  }
  if (code === '23505' && constraint === 'ux_chamber_live_name') {
    return new ConflictError(`A preparing or active chamber is already named ${ctx.name}`, { field: ctx.nameField ?? 'input.name' });
  }
  if (code === '23514' && constraint === 'ck_chamber_no_cycle') {
    return BadInputError.field(parentField, 'The chamber cannot be placed under itself or one of its own sub-chambers');
  }
  if (code === '23514' && constraint === 'ck_chamber_parent_level') {
    return BadInputError.field(parentField, 'A parent chamber must sit above its child in level (an industry or youth branch may share its level)');
  }
  if (code === '23503' && constraint === 'fk_chamber_parent') {
    return BadInputError.field(parentField, 'The parent chamber does not exist');
  }
  if (code === '23503' && constraint === 'fk_chamber_region') {
    return BadInputError.field(ctx.regionField ?? 'input.regionCode', `${ctx.regionCode} is not a GB/T 2260 region code`);
  }
  return error;
}
