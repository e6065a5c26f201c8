import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { toInitials, toPinyin } from '@crm/region';
import { requestLoader } from '@crm/shared';
import {
  AllyChambersInput,
  ConvertChamberInput,
  DissolveChamberInput,
  DualBrandChamberInput,
  FoundChamberInput,
  MergeChamberInput,
} from '../dtos/inputs/chamber-lifecycle.inputs';
import { ChamberEventEntity } from '../entities/chamber-event.entity';
import { ChamberEntity } from '../entities/chamber.entity';
import { ChamberEventType, ChamberKind, ChamberLevel, ChamberStatus, LEVEL_RANK } from '../entities/chamber.enums';
import { ChamberErrors, chamberStatusText } from '../exceptions/chamber.errors';
import { ChamberErrorContext, translateChamberError } from '../utils/chamber-db-errors';
import { ChamberLeadershipService } from './chamber-leadership.service';
import { ChamberMergeParticipants } from './chamber-merge-participants';
import { chamberAuditSnapshot, ChamberService } from './chamber.service';

const ENTITY = 'Chamber';
const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

/** The identity fields a conversion (转) may change. */
const CONVERTIBLE = ['name', 'kind', 'level', 'regionCode'] as const;

/**
 * The life of a chamber after its creation: 成立, 转, 并, 联, 增挂牌子, 撤销 (换届 is in
 * ChamberLeadershipService). Each operation is one transaction: the chamber row(s) locked
 * through ChamberService.lockForWrite (scope and version), the change, its history event(s),
 * one audit event, and the chamber's version bumped.
 */
@Injectable()
export class ChamberLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chambers: ChamberService,
    private readonly leadership: ChamberLeadershipService,
    private readonly audit: AuditService,
    private readonly mergeParticipants: ChamberMergeParticipants,
  ) {}

  /** 成立: PREPARING → ACTIVE. 一地一会 applies from now on. */
  async found(caller: Caller, id: string, input: FoundChamberInput): Promise<ChamberEntity> {
    const ctx: ChamberErrorContext = { regionField: 'id' };
    return this.run(ctx, async (em) => {
      const before = await this.chambers.lockForWrite(em, caller, id, input.version);
      ctx.regionCode = before.regionCode;
      if (before.status !== ChamberStatus.Preparing) {
        throw ChamberErrors.NOT_PREPARING({ chamber: before.name, status: chamberStatusText(before.status) }, { field: 'id', extensions: { status: before.status } });
      }
      await em.update(ChamberEntity, { id }, { status: ChamberStatus.Active, foundedOn: input.foundedOn, version: () => 'version + 1' });
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.Founded, input.foundedOn, { note: input.note ?? null });
      return this.finish(em, 'chamber.found', before);
    });
  }

  /**
   * 转: new name, kind, level or region under the same identity (members, history and
   * leadership stay). The region must sit at the tier of the level; 一地一会 and the hierarchy's
   * level rules apply as for a new chamber.
   */
  async convert(caller: Caller, id: string, input: ConvertChamberInput): Promise<ChamberEntity> {
    const ctx: ChamberErrorContext = {
      name: input.name,
      nameField: 'input.name',
      regionField: input.regionCode !== undefined ? 'input.regionCode' : input.kind !== undefined ? 'input.kind' : 'input.level',
      parentField: input.level !== undefined ? 'input.level' : 'input.kind',
    };
    return this.run(ctx, async (em) => {
      if (input.level !== undefined || input.kind !== undefined) await this.chambers.lockHierarchy(em);
      const before = await this.lockLive(em, caller, id, input.version);
      this.notBeforeFounding(before, input.on, 'input.on');
      const level = input.level ?? before.level;
      // A national chamber has no region: converting to NATIONAL leaves the old one behind.
      const regionCode = level === ChamberLevel.National ? (input.regionCode ?? null) : (input.regionCode ?? before.regionCode);
      const region = await this.chambers.checkRegion(level, regionCode, 'input.regionCode');
      ctx.regionCode = regionCode;
      const next = { name: input.name ?? before.name, kind: input.kind ?? before.kind, level, regionCode: region?.code ?? null };
      const changed = CONVERTIBLE.filter((f) => next[f] !== before[f]);
      if (!changed.length) throw ChamberErrors.NOTHING_TO_CONVERT({}, { field: 'input' });
      await em.update(ChamberEntity, { id }, {
        ...next,
        namePinyin: toPinyin(next.name),
        nameInitials: toInitials(next.name),
        provinceCode: region?.provinceCode ?? null,
        version: () => 'version + 1',
      });
      const details = {
        before: Object.fromEntries(changed.map((f) => [f, before[f]])),
        after: Object.fromEntries(changed.map((f) => [f, next[f]])),
      };
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.Converted, input.on, { note: input.note ?? null, details });
      return this.finish(em, 'chamber.convert', before, { on: input.on });
    });
  }

  /**
   * 并: the chamber becomes MERGED with a link to the survivor, which must be live, not itself,
   * not below it, and within the caller's scope too. Its child chambers move under the survivor,
   * every registered ChamberMergeParticipant moves its rows, its running term ends on the
   * merger day, and the history gets MERGED_INTO (merged) and ABSORBED (survivor).
   *
   * What moves today: only the child chambers, because no other module registers a participant
   * yet (members, party units, visits and projects will). Leadership terms and positions and the
   * guild hall stay: they are the merged chamber's own history. Users scoped to the merged
   * chamber (its secretaries) are not moved either: re-scoping an account is an administrator's
   * decision (updateUser), and until then they keep reading the merged chamber.
   */
  async merge(caller: Caller, id: string, input: MergeChamberInput): Promise<ChamberEntity> {
    const ctx: ChamberErrorContext = { parentField: 'input.intoId' };
    return this.run(ctx, async (em) => {
      await this.chambers.lockHierarchy(em);
      await this.lockInIdOrder(em, [id, input.intoId]);
      const merged = await this.lockLive(em, caller, id, input.version);
      if (input.intoId === id) throw ChamberErrors.MERGE_INTO_SELF({}, { field: 'input.intoId' });
      const survivor = await this.chambers.lockForWrite(em, caller, input.intoId, undefined, 'input.intoId');
      if (!LIVE.includes(survivor.status)) {
        throw ChamberErrors.MERGE_TARGET_NOT_LIVE({ chamber: survivor.name, status: chamberStatusText(survivor.status) }, { field: 'input.intoId' });
      }
      if (survivor.ancestorIds.includes(id)) {
        throw ChamberErrors.MERGE_INTO_DESCENDANT({ survivor: survivor.name, merged: merged.name }, { field: 'input.intoId' });
      }
      this.notBeforeFounding(merged, input.on, 'input.on');
      this.notBeforeFounding(survivor, input.on, 'input.on');

      // Locked, in id order: a concurrent move of a child either finished before (and the child
      // is no longer here) or waits for the merge.
      const children = await em
        .getRepository(ChamberEntity)
        .createQueryBuilder('c')
        .where('c.parent_id = :id', { id })
        .orderBy('c.id', 'ASC')
        .setLock('pessimistic_write')
        .getMany();
      const misfit = children.find(
        (c) => LEVEL_RANK[c.level] < LEVEL_RANK[survivor.level] || (LEVEL_RANK[c.level] === LEVEL_RANK[survivor.level] && c.kind === ChamberKind.Regional),
      );
      if (misfit) {
        throw ChamberErrors.MERGE_CHILD_MISFIT({ child: misfit.name, merged: merged.name, survivor: survivor.name }, { field: 'input.intoId' });
      }
      await this.leadership.closeRunningTerm(em, id, input.on, 'input.on');
      await em.update(ChamberEntity, { id }, { status: ChamberStatus.Merged, mergedIntoId: survivor.id, version: () => 'version + 1' });
      const movedChildIds = children.map((c) => c.id);
      if (movedChildIds.length) {
        // The hierarchy trigger re-checks levels and rewrites ancestor_ids/depth of the moved subtrees.
        await em.update(ChamberEntity, { id: In(movedChildIds), parentId: id }, { parentId: survivor.id, version: () => 'version + 1' });
      }
      const participants = this.mergeParticipants.list();
      for (const participant of participants) {
        await participant.onChamberMerge(em, id, survivor.id, input.on);
      }
      const details = { movedChildIds };
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.MergedInto, input.on, { relatedChamberId: survivor.id, note: input.note ?? null, details });
      await this.chambers.recordEvent(em, caller, survivor.id, ChamberEventType.Absorbed, input.on, { relatedChamberId: id, note: input.note ?? null, details });
      return this.finish(em, 'chamber.merge', merged, {
        on: input.on,
        survivorId: survivor.id,
        survivorName: survivor.name,
        movedChildIds,
        participants: participants.map((p) => p.name),
      });
    });
  }

  /** 联: two live chambers ally; ALLIED is written in both histories. The caller must be able to change both. */
  async ally(caller: Caller, id: string, input: AllyChambersInput): Promise<ChamberEntity> {
    return this.run({}, async (em) => {
      await this.lockInIdOrder(em, [id, input.withId]);
      const chamber = await this.lockLive(em, caller, id, input.version);
      if (input.withId === id) throw ChamberErrors.ALLY_WITH_SELF({}, { field: 'input.withId' });
      const other = await this.chambers.lockForWrite(em, caller, input.withId, undefined, 'input.withId');
      if (!LIVE.includes(other.status)) {
        throw ChamberErrors.ALLY_NOT_LIVE({ chamber: other.name, status: chamberStatusText(other.status) }, { field: 'input.withId' });
      }
      this.notBeforeFounding(chamber, input.on, 'input.on');
      this.notBeforeFounding(other, input.on, 'input.on');
      await em.update(ChamberEntity, { id }, { version: () => 'version + 1' });
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.Allied, input.on, { relatedChamberId: other.id, note: input.note ?? null });
      await this.chambers.recordEvent(em, caller, other.id, ChamberEventType.Allied, input.on, { relatedChamberId: id, note: input.note ?? null });
      return this.finish(em, 'chamber.ally', chamber, { on: input.on, withId: other.id, withName: other.name });
    });
  }

  /** 增挂牌子: the chamber also carries the home city's name. Refused when it already does. */
  async dualBrand(caller: Caller, id: string, input: DualBrandChamberInput): Promise<ChamberEntity> {
    return this.run({}, async (em) => {
      const before = await this.lockLive(em, caller, id, input.version);
      if (before.dualBranded) throw ChamberErrors.ALREADY_DUAL_BRANDED({ chamber: before.name }, { field: 'id' });
      this.notBeforeFounding(before, input.on, 'input.on');
      await em.update(ChamberEntity, { id }, { dualBranded: true, version: () => 'version + 1' });
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.DualBranded, input.on, { note: input.note ?? null });
      return this.finish(em, 'chamber.dualBrand', before, { on: input.on });
    });
  }

  /**
   * 撤销: status DISSOLVED from `on`; its running term ends that day. Refused while chambers in
   * preparation or active sit directly below it (dissolve, merge or move them first). Creating
   * or moving a chamber below this one locks it too, so none can slip in meanwhile.
   */
  async dissolve(caller: Caller, id: string, input: DissolveChamberInput): Promise<ChamberEntity> {
    return this.run({}, async (em) => {
      const before = await this.lockLive(em, caller, id, input.version);
      this.notBeforeFounding(before, input.on, 'input.on');
      const live = await em.find(ChamberEntity, { where: { parentId: id, status: In([...LIVE]) }, order: { namePinyin: 'ASC', id: 'ASC' } });
      if (live.length) {
        const names = live.slice(0, 3).map((c) => c.name).join('、') + (live.length > 3 ? ' …' : '');
        throw ChamberErrors.HAS_LIVE_CHILDREN({ chamber: before.name, count: live.length, names }, { field: 'id', extensions: { childIds: live.map((c) => c.id) } });
      }
      await this.leadership.closeRunningTerm(em, id, input.on, 'input.on');
      await em.update(ChamberEntity, { id }, { status: ChamberStatus.Dissolved, dissolvedOn: input.on, version: () => 'version + 1' });
      await this.chambers.recordEvent(em, caller, id, ChamberEventType.Dissolved, input.on, { note: input.note ?? null });
      return this.finish(em, 'chamber.dissolve', before, { on: input.on });
    });
  }

  /** The history of a chamber the caller may read, oldest first. */
  async events(caller: Caller, chamberId: string): Promise<ChamberEventEntity[]> {
    await this.chambers.getVisible(caller, chamberId);
    return this.dataSource.getRepository(ChamberEventEntity).find({ where: { chamberId }, order: { occurredOn: 'ASC', id: 'ASC' } });
  }

  /** The history of each chamber of a page, oldest first: one statement per request. */
  loadEvents(req: object, chamberId: string): Promise<ChamberEventEntity[]> {
    return requestLoader<string, ChamberEventEntity[]>(req, 'chamberLifecycle.events', async (ids) => {
      const rows = await this.dataSource
        .getRepository(ChamberEventEntity)
        .find({ where: { chamberId: In([...ids]) }, order: { chamberId: 'ASC', occurredOn: 'ASC', id: 'ASC' } });
      const map = new Map<string, ChamberEventEntity[]>(ids.map((k) => [k, []]));
      for (const row of rows) map.get(row.chamberId)?.push(row);
      return ids.map((k) => map.get(k) ?? []);
    }).load(chamberId);
  }

  /** lockForWrite, then CONFLICT when the chamber is merged or dissolved (its life is over). */
  private async lockLive(em: EntityManager, caller: Caller, id: string, version: number): Promise<ChamberEntity> {
    const chamber = await this.chambers.lockForWrite(em, caller, id, version);
    if (!LIVE.includes(chamber.status)) {
      throw ChamberErrors.HISTORY_CLOSED({ chamber: chamber.name, status: chamberStatusText(chamber.status) }, { field: 'id', extensions: { status: chamber.status } });
    }
    return chamber;
  }

  /**
   * Two chambers are locked in id order before lockForWrite (which then finds them already
   * held), so two operations on the same pair in opposite directions cannot deadlock.
   */
  private async lockInIdOrder(em: EntityManager, ids: string[]): Promise<void> {
    await em.query(`SELECT id FROM chamber WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  }

  private notBeforeFounding(chamber: ChamberEntity, on: string, field: string): void {
    if (chamber.foundedOn && on < chamber.foundedOn) {
      throw ChamberErrors.BEFORE_FOUNDING({ chamber: chamber.name, foundedOn: chamber.foundedOn }, { field });
    }
  }

  /** Reads the chamber after the change and writes the operation's one audit event. */
  private async finish(em: EntityManager, operation: string, before: ChamberEntity, metadata?: Record<string, unknown>): Promise<ChamberEntity> {
    const after = await em.findOneByOrFail(ChamberEntity, { id: before.id });
    await this.audit.record(em, {
      operation,
      entityType: ENTITY,
      entityId: before.id,
      before: chamberAuditSnapshot(before),
      after: chamberAuditSnapshot(after),
      metadata,
    });
    return after;
  }

  private async run<T>(ctx: ChamberErrorContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      throw await translateChamberError(error, this.dataSource.manager, ctx);
    }
  }
}
