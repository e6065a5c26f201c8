import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MemberStatus } from '../entities/member.enums';

/** How a member is recognised, as it stands now. */
export interface MemberIdentity {
  id: string;
  name: string;
  idNumber: string | null;
  phones: string[];
  status: MemberStatus;
}

/**
 * Which members were inserted, or had their name, ID number, phones or status changed, after a
 * marker: for a bulk writer that recognised members once (the import's validation) and must
 * know, later, what may have changed that answer. The database logs every such statement
 * (`member_identity_change`, statement-level triggers on member, so every write path is seen);
 * a writer that tags its writes (`MemberWriteOptions.tag`) can leave its own out.
 */
@Injectable()
export class MemberIdentityChanges {
  /**
   * The current database snapshot, as text. A change is after the marker when its transaction
   * is not visible in that snapshot: committed later, or still running when it was taken.
   */
  async marker(em: EntityManager): Promise<string> {
    const [row] = (await em.query(`SELECT pg_current_snapshot()::text AS marker`)) as { marker: string }[];
    return row.marker;
  }

  /**
   * The members changed after `marker` by writes not tagged `exceptTag`, with their identity as
   * it is now (a member that no longer exists is left out); null when there are more than
   * `limit` (the caller then treats everything as changed).
   */
  async since(em: EntityManager, marker: string, options: { exceptTag?: string; limit: number }): Promise<MemberIdentity[] | null> {
    // Counted before removing repeats (a member changed twice counts twice): the cut-off comes
    // a little early, but the statement stops reading after `limit` ids however long the log.
    const rows = (await em.query(
      `SELECT unnest(c.member_ids) AS id FROM member_identity_change c
        WHERE c.xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, $1::pg_snapshot)
          AND c.tag IS DISTINCT FROM $2
        LIMIT $3`,
      [marker, options.exceptTag ?? null, options.limit + 1],
    )) as { id: string }[];
    if (rows.length > options.limit) return null;
    if (!rows.length) return [];
    return (await em.query(`SELECT id, name, id_number AS "idNumber", phones, status FROM member WHERE id = ANY($1::uuid[])`, [
      [...new Set(rows.map((r) => r.id))],
    ])) as MemberIdentity[];
  }

  /**
   * Drops log rows no marker still needs: those of transactions every given marker (and any
   * marker taken from now on) already sees. The markers must have been read in the same
   * snapshot (a REPEATABLE READ transaction), or a marker taken in between could lose rows.
   */
  async forget(em: EntityManager, markers: string[]): Promise<number> {
    const [, removed] = (await em.query(
      `DELETE FROM member_identity_change
        WHERE xid < (SELECT min(x) FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS x
                                          UNION ALL SELECT pg_snapshot_xmin(m::pg_snapshot) FROM unnest($1::text[]) AS m) s)`,
      [markers],
    )) as [unknown, number];
    return removed;
  }
}
