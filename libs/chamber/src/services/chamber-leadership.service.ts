import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { groupByKeys, NotFoundError, requestLoader } from '@crm/shared';
import { ChamberPositionInput, ReElectChamberInput, StartChamberTermInput, UpdateChamberPositionInput } from '../dtos/inputs/chamber-leadership.inputs';
import { ChamberPositionEntity } from '../entities/chamber-position.entity';
import { ChamberTermEntity } from '../entities/chamber-term.entity';
import { ChamberEntity } from '../entities/chamber.entity';
import { ChamberEventType, ChamberStatus, PositionType, SINGLE_HOLDER_POSITIONS } from '../entities/chamber.enums';
import { ChamberErrors, chamberStatusText, termText } from '../exceptions/chamber.errors';
import { LeadershipErrorContext, POSITION_LABEL, translateLeadershipError } from '../utils/leadership-db-errors';
import { chamberAuditSnapshot, ChamberService } from './chamber.service';

const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

function termSnapshot(t: ChamberTermEntity): Record<string, unknown> {
  return { chamberId: t.chamberId, number: t.number, startsOn: t.startsOn, endsOn: t.endsOn };
}

function positionSnapshot(p: ChamberPositionEntity): Record<string, unknown> {
  return {
    chamberId: p.chamberId,
    termId: p.termId,
    position: p.position,
    holderName: p.holderName,
    memberId: p.memberId,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    sortOrder: p.sortOrder,
  };
}

/**
 * Leadership: terms (届) and the positions held in them, and re-election (换届). A term runs
 * while its end is null; terms of a chamber never overlap (the exclusion constraint has the
 * final word), a term has at most one 会长, 秘书长 and 监事长 (unique index).
 *
 * Every change locks the chamber row first (ChamberService.lockForWrite: scope), so changes to
 * one chamber's leadership take turns.
 */
/** A position the member library records for one of its members (see addMemberPositions). */
export interface MemberPositionRow {
  termId: string;
  chamberId: string;
  position: PositionType;
  memberId: string;
  startsOn?: string | null;
}

@Injectable()
export class ChamberLeadershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chambers: ChamberService,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /**
   * A holder linked to the information base must be a member the caller may read; one it may
   * not is refused exactly like an unknown id (no oracle for other scopes' member ids).
   */
  private async checkHolder(em: EntityManager, caller: Caller, memberId: string | null | undefined, field: string): Promise<void> {
    if (!memberId) return;
    // The member library's rule, through the access service: this library never reads its table.
    if (!(await this.access.passes(em, 'Member', 'read', caller, memberId))) throw ChamberErrors.UNKNOWN_MEMBER({}, { field });
  }

  /** Records a term: a past one (with its end) or the running one (without; only for a live chamber). */
  async startTerm(caller: Caller, chamberId: string, input: StartChamberTermInput): Promise<ChamberTermEntity> {
    if (input.endsOn && input.endsOn <= input.startsOn) throw ChamberErrors.TERM_END_BEFORE_START({}, { field: 'input.endsOn' });
    const ctx: LeadershipErrorContext = { chamberId, number: input.number, startsOn: input.startsOn, endsOn: input.endsOn ?? null };
    return this.run(ctx, async (em) => {
      const chamber = await this.chambers.lockForWrite(em, caller, chamberId);
      if (!input.endsOn && !LIVE.includes(chamber.status)) {
        throw ChamberErrors.RUNNING_TERM_NEEDS_LIVE_CHAMBER({ chamber: chamber.name, status: chamberStatusText(chamber.status) }, { field: 'input.endsOn' });
      }
      if (chamber.foundedOn && input.startsOn < chamber.foundedOn) {
        throw ChamberErrors.TERM_BEFORE_FOUNDING({ chamber: chamber.name, foundedOn: chamber.foundedOn }, { field: 'input.startsOn' });
      }
      if (chamber.dissolvedOn && input.endsOn && input.endsOn > chamber.dissolvedOn) {
        throw ChamberErrors.TERM_AFTER_DISSOLUTION({ chamber: chamber.name, dissolvedOn: chamber.dissolvedOn }, { field: 'input.endsOn' });
      }
      const result = await em.insert(ChamberTermEntity, { chamberId, number: input.number, startsOn: input.startsOn, endsOn: input.endsOn ?? null });
      const term = await em.findOneByOrFail(ChamberTermEntity, { id: (result.identifiers[0] as { id: string }).id });
      await this.audit.record(em, { operation: 'chamberTerm.create', entityType: 'ChamberTerm', entityId: term.id, after: termSnapshot(term) });
      return term;
    });
  }

  /**
   * 换届: ends the running term on the election day, opens the next one (number: one more than
   * the highest, unless given) with the positions elected, records RE_ELECTED. A chamber with
   * no running term simply gets its next term.
   */
  async reElect(caller: Caller, id: string, input: ReElectChamberInput): Promise<ChamberEntity> {
    const positions = input.positions ?? [];
    const ctx: LeadershipErrorContext = { chamberId: id, startsOn: input.on, endsOn: null, overlapField: 'input.on', positionField: 'input.positions' };
    positions.forEach((p, i) => this.checkPositionDates({ startsOn: input.on, endsOn: null }, p.startsOn ?? null, p.endsOn ?? null, `input.positions.${i}`));
    const seen = new Set<string>();
    positions.forEach((p, i) => {
      if (!SINGLE_HOLDER_POSITIONS.includes(p.position)) return;
      if (seen.has(p.position)) throw ChamberErrors.DUPLICATE_SINGLE_POSITION({ position: POSITION_LABEL[p.position] }, { field: `input.positions.${i}.position` });
      seen.add(p.position);
    });
    return this.run(ctx, async (em) => {
      const before = await this.chambers.lockForWrite(em, caller, id, input.version);
      if (before.status !== ChamberStatus.Active) {
        throw ChamberErrors.ELECTION_NEEDS_ACTIVE({ chamber: before.name, status: chamberStatusText(before.status) }, { field: 'id', extensions: { status: before.status } });
      }
      if (before.foundedOn && input.on < before.foundedOn) {
        throw ChamberErrors.ELECTION_BEFORE_FOUNDING({ chamber: before.name, foundedOn: before.foundedOn }, { field: 'input.on' });
      }
      const terms = await em.find(ChamberTermEntity, { where: { chamberId: id }, order: { startsOn: 'ASC' } });
      const running = terms.find((t) => t.endsOn === null) ?? null;
      const clash = terms.find((t) => t !== running && (t.endsOn === null || t.endsOn > input.on));
      if (clash) throw ChamberErrors.TERM_OVERLAP({ on: input.on, term: termText(clash) }, { field: 'input.on' });
      const number = input.number ?? Math.max(0, ...terms.map((t) => t.number)) + 1;
      ctx.number = number;
      if (terms.some((t) => t.number === number)) throw ChamberErrors.TERM_NUMBER_TAKEN({ number, chamber: before.name }, { field: 'input.number' });
      const closed = await this.closeRunningTerm(em, id, input.on, 'input.on');
      const result = await em.insert(ChamberTermEntity, { chamberId: id, number, startsOn: input.on, endsOn: null });
      const termId = (result.identifiers[0] as { id: string }).id;
      ctx.termId = termId;
      for (const [i, p] of positions.entries()) await this.checkHolder(em, caller, p.memberId, `input.positions.${i}.memberId`);
      if (positions.length) {
        const inserted = await em.insert(ChamberPositionEntity, positions.map((p) => this.positionValues(id, termId, p)));
        const ids = (inserted.identifiers as { id: string }[]).map((x) => x.id);
        const stored = new Map((await em.findBy(ChamberPositionEntity, { id: In(ids) })).map((x) => [x.id, x]));
        ids.forEach((positionId, i) => this.checkHolderName(stored.get(positionId) as ChamberPositionEntity, positions[i].holderName, `input.positions.${i}.holderName`));
      }
      await em.update(ChamberEntity, { id }, { version: () => 'version + 1' });
      const details = { termId, number, previousTermId: closed?.id ?? null, previousNumber: closed?.number ?? null, positions: positions.length };
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.ReElected, input.on, { note: input.note ?? null, details });
      const after = await em.findOneByOrFail(ChamberEntity, { id });
      await this.audit.record(em, {
        operation: 'chamber.reElect',
        entityType: 'Chamber',
        entityId: id,
        before: chamberAuditSnapshot(before),
        after: chamberAuditSnapshot(after),
        metadata: { on: input.on, ...details },
      });
      return after;
    });
  }

  /**
   * Ends the chamber's running term on `on` (换届, merger, dissolution), inside the caller's
   * transaction. Refused when the term began on or after `on`, or when one of its positions
   * starts or ends after `on` (it would fall outside the term). Returns the term it closed.
   */
  async closeRunningTerm(em: EntityManager, chamberId: string, on: string, field: string): Promise<ChamberTermEntity | null> {
    const running = await em.findOne(ChamberTermEntity, { where: { chamberId, endsOn: IsNull() } });
    if (!running) return null;
    if (running.startsOn >= on) throw ChamberErrors.TERM_CANNOT_END({ term: termText(running), startsOn: running.startsOn, on }, { field });
    const outside = await em
      .getRepository(ChamberPositionEntity)
      .createQueryBuilder('p')
      .where('p.term_id = :termId', { termId: running.id })
      .andWhere('(p.starts_on >= :on OR p.ends_on > :on)', { on })
      .getOne();
    if (outside) {
      throw ChamberErrors.POSITION_OUTLASTS_TERM({ position: POSITION_LABEL[outside.position], holder: outside.holderName, term: termText(running), on }, { field });
    }
    await em.update(ChamberTermEntity, { id: running.id }, { endsOn: on });
    return running;
  }

  /**
   * Positions for members in running terms, recorded by the member library's write path (a join
   * with a position, an import batch): one INSERT and one audit statement for any number. The
   * caller has already checked that it may record them (the chamber rule's write side) and
   * locked the chambers; the holder names come from the members (the database keeps them equal).
   * A single-holder post taken meanwhile fails on the unique index, for the caller to translate.
   */
  async addMemberPositions(em: EntityManager, rows: MemberPositionRow[], actor?: AuditRecord['actor']): Promise<void> {
    if (!rows.length) return;
    const created = (await em.query(
      `INSERT INTO chamber_position (term_id, chamber_id, position, member_id, holder_name, starts_on, sort_order)
       SELECT r."termId", r."chamberId", r.position::position_type, r."memberId", '', r."startsOn", 0
         FROM jsonb_to_recordset($1::jsonb) AS r("termId" uuid, "chamberId" uuid, position text, "memberId" uuid, "startsOn" date)
       RETURNING id, chamber_id AS "chamberId", term_id AS "termId", position, holder_name AS "holderName", member_id AS "memberId", starts_on::text AS "startsOn"`,
      [JSON.stringify(rows.map((r) => ({ ...r, startsOn: r.startsOn ?? null })))],
    )) as ({ id: string } & Record<string, unknown>)[];
    await this.audit.recordMany(
      em,
      created.map(({ id, ...after }) => ({ operation: 'chamberPosition.create', entityType: 'ChamberPosition', entityId: id, after, ...(actor !== undefined ? { actor } : {}) })),
    );
  }

  /** The positions members hold (any term), for writers that must not record one twice. */
  async positionsOfMembers(em: EntityManager, memberIds: string[]): Promise<{ memberId: string; termId: string; position: PositionType }[]> {
    if (!memberIds.length) return [];
    return (await em.query(`SELECT member_id AS "memberId", term_id AS "termId", position FROM chamber_position WHERE member_id = ANY($1::uuid[])`, [
      memberIds,
    ])) as { memberId: string; termId: string; position: PositionType }[];
  }

  /**
   * Who holds the single-holder posts (会长, 秘书长, 监事长) of these terms, share-locked in a fixed
   * order: a reassignment waits for the caller's change, two writers do not wait for each other.
   */
  async singleHolders(em: EntityManager, termIds: string[]): Promise<{ termId: string; position: PositionType; memberId: string | null }[]> {
    if (!termIds.length) return [];
    return (await em.query(
      `SELECT term_id AS "termId", position, member_id AS "memberId" FROM chamber_position
        WHERE term_id = ANY($1::uuid[]) AND position = ANY($2::position_type[]) ORDER BY term_id, position FOR SHARE`,
      [termIds, SINGLE_HOLDER_POSITIONS],
    )) as { termId: string; position: PositionType; memberId: string | null }[];
  }

  /**
   * Every live chamber with its running term (null when it has none), for resolving chamber
   * names in bulk (an import's 所属商会 and 商会职务 columns).
   */
  async liveChambersWithRunningTerms(em: EntityManager): Promise<{ id: string; name: string; ancestorIds: string[]; termId: string | null }[]> {
    return (await em.query(
      `SELECT c.id, c.name, c.ancestor_ids AS "ancestorIds",
              (SELECT t.id FROM chamber_term t WHERE t.chamber_id = c.id AND t.ends_on IS NULL ORDER BY t.number DESC LIMIT 1) AS "termId"
         FROM chamber c WHERE c.status = ANY($1::chamber_status[])`,
      [LIVE],
    )) as { id: string; name: string; ancestorIds: string[]; termId: string | null }[];
  }

  /** Holders of the single-holder posts of every running term (unlocked: a snapshot for validation). */
  async runningSingleHolders(em: EntityManager): Promise<{ termId: string; position: PositionType; memberId: string | null }[]> {
    return (await em.query(
      `SELECT p.term_id AS "termId", p.position, p.member_id AS "memberId"
         FROM chamber_position p JOIN chamber_term t ON t.id = p.term_id AND t.ends_on IS NULL
        WHERE p.position = ANY($1::position_type[])`,
      [SINGLE_HOLDER_POSITIONS],
    )) as { termId: string; position: PositionType; memberId: string | null }[];
  }

  /**
   * Members renamed by the member library: the positions linked to them take the new name (the
   * database fills a linked position's name from its member on insert and relink; a rename is
   * the member library's news, told here). One statement for any number.
   */
  async renameHolders(em: EntityManager, members: { memberId: string; name: string }[]): Promise<void> {
    if (!members.length) return;
    await em.query(
      `UPDATE chamber_position p SET holder_name = r.name
         FROM jsonb_to_recordset($1::jsonb) AS r("memberId" uuid, name text)
        WHERE p.member_id = r."memberId" AND p.holder_name <> r.name`,
      [JSON.stringify(members)],
    );
  }

  /** The running term of each chamber (absent when it has none), for positions recorded with memberships. */
  async runningTerms(em: EntityManager, chamberIds: string[]): Promise<Map<string, ChamberTermEntity>> {
    if (!chamberIds.length) return new Map();
    const terms = await em.getRepository(ChamberTermEntity).createQueryBuilder('t').where('t.chamber_id = ANY(:ids::uuid[])', { ids: [...new Set(chamberIds)] }).andWhere('t.ends_on IS NULL').getMany();
    return new Map(terms.map((t) => [t.chamberId, t]));
  }

  async addPosition(caller: Caller, termId: string, input: ChamberPositionInput): Promise<ChamberPositionEntity> {
    const ctx: LeadershipErrorContext = { termId, position: input.position, positionField: 'input.position' };
    return this.run(ctx, async (em) => {
      const term = await this.lockTerm(em, caller, termId);
      this.checkPositionDates(term, input.startsOn ?? null, input.endsOn ?? null, 'input');
      await this.checkHolder(em, caller, input.memberId, 'input.memberId');
      await this.checkNotHeld(em, term.id, input.position, input.memberId, null, 'input.memberId');
      const result = await em.insert(ChamberPositionEntity, this.positionValues(term.chamberId, term.id, input));
      const position = await em.findOneByOrFail(ChamberPositionEntity, { id: (result.identifiers[0] as { id: string }).id });
      this.checkHolderName(position, input.holderName);
      await this.audit.record(em, { operation: 'chamberPosition.create', entityType: 'ChamberPosition', entityId: position.id, after: positionSnapshot(position) });
      return position;
    });
  }

  async updatePosition(caller: Caller, id: string, input: UpdateChamberPositionInput): Promise<ChamberPositionEntity> {
    const ctx: LeadershipErrorContext = { position: input.position, positionField: 'input.position' };
    return this.run(ctx, async (em) => {
      const { position: before, term } = await this.lockPosition(em, caller, id);
      ctx.termId = term.id;
      ctx.position = input.position ?? before.position;
      const next = {
        position: input.position ?? before.position,
        holderName: input.holderName ?? before.holderName,
        memberId: input.memberId !== undefined ? input.memberId : before.memberId,
        startsOn: input.startsOn !== undefined ? input.startsOn : before.startsOn,
        endsOn: input.endsOn !== undefined ? input.endsOn : before.endsOn,
        sortOrder: input.sortOrder ?? before.sortOrder,
      };
      this.checkPositionDates(term, next.startsOn, next.endsOn, 'input');
      if (input.memberId !== undefined && input.memberId !== before.memberId) await this.checkHolder(em, caller, input.memberId, 'input.memberId');
      if (next.memberId && (next.memberId !== before.memberId || next.position !== before.position)) {
        await this.checkNotHeld(em, term.id, next.position, next.memberId, id, 'input.memberId');
      }
      await em.update(ChamberPositionEntity, { id }, next);
      const after = await em.findOneByOrFail(ChamberPositionEntity, { id });
      this.checkHolderName(after, input.holderName);
      await this.audit.record(em, {
        operation: 'chamberPosition.update',
        entityType: 'ChamberPosition',
        entityId: id,
        before: positionSnapshot(before),
        after: positionSnapshot(after),
      });
      return after;
    });
  }

  /** Removes a position; returns its term. */
  async removePosition(caller: Caller, id: string): Promise<ChamberTermEntity> {
    return this.run({}, async (em) => {
      const { position, term } = await this.lockPosition(em, caller, id);
      await em.delete(ChamberPositionEntity, { id });
      await this.audit.record(em, { operation: 'chamberPosition.delete', entityType: 'ChamberPosition', entityId: id, before: positionSnapshot(position) });
      return term;
    });
  }

  /** Every term of a chamber, oldest first; one statement for all the chambers of a request. */
  loadTerms(req: object, chamberId: string): Promise<ChamberTermEntity[]> {
    return requestLoader<string, ChamberTermEntity[]>(req, 'chamberLeadership.terms', async (ids) =>
      groupByKeys(ids, await this.dataSource.getRepository(ChamberTermEntity).find({ where: { chamberId: In([...ids]) }, order: { startsOn: 'ASC', number: 'ASC' } }), (t) => t.chamberId),
    ).load(chamberId);
  }

  /** A term by id (it exists: positions reference it); one statement for all the positions of a request. */
  loadTerm(req: object, termId: string): Promise<ChamberTermEntity> {
    return this.termLoader(req).load(termId);
  }

  /** Hands terms a caller already read (joined to positions) to this request's loader. */
  primeTerms(req: object, terms: ChamberTermEntity[]): void {
    const loader = this.termLoader(req);
    for (const t of terms) loader.prime(t.id, t);
  }

  private termLoader(req: object) {
    return requestLoader<string, ChamberTermEntity>(req, 'chamberLeadership.term', async (ids) => {
      const rows = await this.dataSource.getRepository(ChamberTermEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((t) => [t.id, t]));
      return ids.map((id) => map.get(id) ?? new Error(`ChamberTerm ${id} is missing`));
    });
  }

  /** The running term (no end) of a chamber, or null; one statement for all the chambers of a request. */
  loadRunningTerm(req: object, chamberId: string): Promise<ChamberTermEntity | null> {
    return requestLoader<string, ChamberTermEntity | null>(req, 'chamberLeadership.runningTerm', async (ids) => {
      const rows = await this.dataSource.getRepository(ChamberTermEntity).find({ where: { chamberId: In([...ids]), endsOn: IsNull() } });
      const map = new Map(rows.map((t) => [t.chamberId, t]));
      return ids.map((id) => map.get(id) ?? null);
    }).load(chamberId);
  }

  /**
   * The positions of a term in rank order (the order of PositionType: 名誉会长, 会长, 常务副会长 …),
   * then sortOrder, then name; one statement for all the terms of a request.
   */
  loadPositions(req: object, termId: string): Promise<ChamberPositionEntity[]> {
    return requestLoader<string, ChamberPositionEntity[]>(req, 'chamberLeadership.positions', async (ids) =>
      groupByKeys(
        ids,
        await this.dataSource
          .getRepository(ChamberPositionEntity)
          .find({ where: { termId: In([...ids]) }, order: { position: 'ASC', sortOrder: 'ASC', holderName: 'ASC', id: 'ASC' } }),
        (p) => p.termId,
      ),
    ).load(termId);
  }

  /** A term whose chamber the caller may change, with that chamber locked; NOT_FOUND otherwise. */
  private async lockTerm(em: EntityManager, caller: Caller, termId: string): Promise<ChamberTermEntity> {
    const term = await em.findOneBy(ChamberTermEntity, { id: termId });
    if (!term) throw new NotFoundError('ChamberTerm', termId);
    try {
      await this.chambers.lockForWrite(em, caller, term.chamberId);
    } catch (error) {
      // Outside the caller's sight: do not reveal that the term exists.
      if (error instanceof NotFoundError) throw new NotFoundError('ChamberTerm', termId);
      throw error;
    }
    return em.findOneByOrFail(ChamberTermEntity, { id: termId });
  }

  private async lockPosition(em: EntityManager, caller: Caller, id: string): Promise<{ position: ChamberPositionEntity; term: ChamberTermEntity }> {
    const found = await em.findOneBy(ChamberPositionEntity, { id });
    if (!found) throw new NotFoundError('ChamberPosition', id);
    let term: ChamberTermEntity;
    try {
      term = await this.lockTerm(em, caller, found.termId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('ChamberPosition', id);
      throw error;
    }
    const position = await em.findOneBy(ChamberPositionEntity, { id });
    if (!position) throw new NotFoundError('ChamberPosition', id);
    return { position, term };
  }

  /** A holder's own dates must lie inside the term and be in order. */
  private checkPositionDates(term: { startsOn: string; endsOn: string | null }, startsOn: string | null, endsOn: string | null, prefix: string): void {
    if (startsOn && startsOn < term.startsOn) throw ChamberErrors.HOLDER_STARTS_BEFORE_TERM({ date: term.startsOn }, { field: `${prefix}.startsOn` });
    if (startsOn && term.endsOn && startsOn >= term.endsOn) throw ChamberErrors.HOLDER_STARTS_AFTER_TERM({ date: term.endsOn }, { field: `${prefix}.startsOn` });
    if (endsOn && startsOn && endsOn <= startsOn) throw ChamberErrors.HOLDER_END_BEFORE_START({}, { field: `${prefix}.endsOn` });
    if (endsOn && endsOn <= term.startsOn) throw ChamberErrors.HOLDER_LEAVES_BEFORE_TERM({ date: term.startsOn }, { field: `${prefix}.endsOn` });
    if (endsOn && term.endsOn && endsOn > term.endsOn) throw ChamberErrors.HOLDER_STAYS_AFTER_TERM({ date: term.endsOn }, { field: `${prefix}.endsOn` });
  }

  /**
   * A position linked to a member carries the member's name (the database sets it): a different
   * name given with it is refused rather than silently replaced.
   */
  private checkHolderName(position: ChamberPositionEntity, given: string | undefined, field = 'input.holderName'): void {
    if (position.memberId && given !== undefined && given !== position.holderName) {
      throw ChamberErrors.HOLDER_NAME_IS_MEMBERS({ member: position.holderName }, { field });
    }
  }

  /** One member holds a post of a term once (a second vice-presidency of the same person is a mistake). */
  private async checkNotHeld(em: EntityManager, termId: string, position: PositionType, memberId: string | null | undefined, exceptId: string | null, field: string): Promise<void> {
    if (!memberId) return;
    const [held] = (await em.query(
      `SELECT id FROM chamber_position WHERE term_id = $1 AND position = $2::position_type AND member_id = $3 AND id IS DISTINCT FROM $4::uuid LIMIT 1`,
      [termId, position, memberId, exceptId],
    )) as { id: string }[];
    if (held) throw ChamberErrors.POST_ALREADY_HELD({ position: POSITION_LABEL[position] }, { field, extensions: { positionId: held.id } });
  }

  private positionValues(chamberId: string, termId: string, p: ChamberPositionInput): Partial<ChamberPositionEntity> {
    return {
      chamberId,
      termId,
      position: p.position,
      holderName: p.holderName,
      memberId: p.memberId ?? null,
      startsOn: p.startsOn ?? null,
      endsOn: p.endsOn ?? null,
      sortOrder: p.sortOrder ?? 0,
    };
  }

  private async run<T>(ctx: LeadershipErrorContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      throw await translateLeadershipError(error, this.dataSource.manager, ctx);
    }
  }
}
