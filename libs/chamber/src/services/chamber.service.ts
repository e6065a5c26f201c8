import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { RegionEntity, RegionLevel, RegionService, toInitials, toPinyin } from '@crm/region';
import { byKeys, Localized, localized, NotFoundError, requestLoader, today } from '@crm/shared';
import { CreateChamberInput } from '../dtos/inputs/create-chamber.input';
import { UpdateChamberInput } from '../dtos/inputs/update-chamber.input';
import { ChamberEventEntity } from '../entities/chamber-event.entity';
import { ChamberEntity } from '../entities/chamber.entity';
import { ChamberEventType, ChamberKind, ChamberLevel, ChamberStatus, LEVEL_RANK } from '../entities/chamber.enums';
import { ChamberErrors, chamberKindText, chamberLevelText, chamberStatusText, regionLevelText } from '../exceptions/chamber.errors';
import { translateChamberError } from '../utils/chamber-db-errors';

const ENTITY = 'Chamber';

/** The region tier each chamber level sits in. */
const REGION_LEVEL_FOR: Readonly<Record<ChamberLevel, RegionLevel | null>> = {
  [ChamberLevel.National]: null,
  [ChamberLevel.Provincial]: RegionLevel.Province,
  [ChamberLevel.Prefecture]: RegionLevel.Prefecture,
  [ChamberLevel.County]: RegionLevel.County,
};

const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

/** The advisory lock the hierarchy trigger takes (migration Chambers). */
const HIERARCHY_LOCK = 727003;

/** The fields of a chamber the audit trail records. */
export function chamberAuditSnapshot(c: ChamberEntity): Record<string, unknown> {
  return {
    name: c.name,
    shortName: c.shortName,
    level: c.level,
    kind: c.kind,
    regionCode: c.regionCode,
    parentId: c.parentId,
    status: c.status,
    mergedIntoId: c.mergedIntoId,
    foundedOn: c.foundedOn,
    dissolvedOn: c.dissolvedOn,
    dualBranded: c.dualBranded,
    address: c.address,
    phone: c.phone,
    email: c.email,
    contactPerson: c.contactPerson,
  };
}

/**
 * The core of the chamber module: reading a chamber within the caller's scope, locking one for
 * a change, creating and editing. Lifecycle, leadership and the read side build on these.
 */
/** A chamber with no ancestors, as the scope rule sees one placed at the top of the network. */
const TOP_OF_NETWORK = { id: '', ancestorIds: [] as string[] };

@Injectable()
export class ChamberService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
  ) {}

  /** A chamber the caller may read; NOT_FOUND otherwise (existence is not revealed). */
  async getVisible(caller: Caller, id: string): Promise<ChamberEntity> {
    const filter = this.access.read('Chamber', caller, 'c');
    const chamber = await this.dataSource
      .getRepository(ChamberEntity)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .andWhere(filter.sql, filter.params)
      .getOne();
    if (!chamber) throw new NotFoundError(ENTITY, id);
    return chamber;
  }

  /**
   * Chambers other libraries attach rows to (memberships, positions), locked in id order so
   * concurrent writers queue instead of deadlocking: FOR SHARE keeps a merge or dissolution
   * (which lock for update) from slipping in; FOR UPDATE where positions go into their terms.
   */
  async lockMany(em: EntityManager, ids: string[], mode: 'share' | 'update'): Promise<Map<string, ChamberEntity>> {
    if (!ids.length) return new Map();
    const rows = await em
      .getRepository(ChamberEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids::uuid[])', { ids: [...new Set(ids)].sort() })
      .orderBy('c.id')
      .setLock(mode === 'share' ? 'pessimistic_read' : 'pessimistic_write')
      .getMany();
    return new Map(rows.map((c) => [c.id, c]));
  }

  /** Batches every chamber a page refers to (parents, merge targets) into one statement. */
  load(req: object, id: string): Promise<ChamberEntity | null> {
    return this.loader(req).load(id);
  }

  /** Hands chambers a caller already read (joined to other rows) to this request's loader. */
  prime(req: object, chambers: ChamberEntity[]): void {
    const loader = this.loader(req);
    for (const c of chambers) loader.prime(c.id, c);
  }

  private loader(req: object) {
    return requestLoader<string, ChamberEntity | null>(req, 'chamber', async (ids) =>
      byKeys(ids, await this.dataSource.getRepository(ChamberEntity).findBy({ id: In([...ids]) }), (c) => c.id),
    );
  }

  /**
   * Locks a chamber for a change inside `em`'s transaction: NOT_FOUND when it does not exist or
   * the caller may not even read it, FORBIDDEN when they may read but not change it, CONFLICT
   * when `version` is stale.
   */
  async lockForWrite(em: EntityManager, caller: Caller, id: string, version?: number, field = 'id'): Promise<ChamberEntity> {
    const chamber = await em.getRepository(ChamberEntity).createQueryBuilder('c').where('c.id = :id', { id }).setLock('pessimistic_write').getOne();
    // The chamber is loaded: the registered rule judges it in memory, no statement more.
    const readable = chamber && this.access.admits('Chamber', 'read', caller, chamber);
    if (!chamber || !readable) {
      throw field === 'id' ? new NotFoundError(ENTITY, id) : ChamberErrors.UNKNOWN({ id }, { field });
    }
    if (!this.access.admits('Chamber', 'write', caller, chamber)) {
      throw ChamberErrors.OUTSIDE_SCOPE({ chamber: chamber.name });
    }
    if (version !== undefined && chamber.version !== version) {
      throw ChamberErrors.STALE_VERSION(
        { chamber: chamber.name, current: chamber.version, read: version },
        { field: 'input.version', extensions: { currentVersion: chamber.version } },
      );
    }
    return chamber;
  }

  /**
   * Serialises changes to the shape of the tree (new chamber, new parent, new level or kind,
   * merge) with the hierarchy trigger's own advisory lock. Taken first, before any row lock, so
   * a move and a merge touching the same chambers wait for each other instead of deadlocking.
   */
  async lockHierarchy(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]);
  }

  /** Whether the caller may read a chamber (for messages that would otherwise name it). */
  visibleTo(caller: Caller): (chamber: { id: string; ancestorIds: string[] }) => boolean {
    return (chamber) => this.access.admits('Chamber', 'read', caller, chamber);
  }

  /**
   * A chamber lies where its parent does: its region is the parent's region or inside it
   * (上海市温州商会 → 浦东新区温州商会; 江苏省温州商会 → 苏州市温州商会 → 昆山市温州商会). A parent
   * without a region (the national chamber) takes any.
   */
  /**
   * The level rule the hierarchy trigger enforces, checked first so the client hears about the
   * level before the region (the trigger stays the final word).
   */
  checkLevelUnder(level: ChamberLevel, kind: ChamberKind, parent: ChamberEntity, field: string): void {
    const child = LEVEL_RANK[level];
    const above = LEVEL_RANK[parent.level];
    if (above > child || (above === child && kind === ChamberKind.Regional)) {
      throw ChamberErrors.LEVEL_NOT_BELOW_PARENT(
        { level: chamberLevelText(level), kind: chamberKindText(kind), parent: parent.name, parentLevel: chamberLevelText(parent.level) },
        { field },
      );
    }
  }

  async checkRegionWithin(em: EntityManager, regionCode: string | null, parent: ChamberEntity, field: string, what: string | Localized): Promise<void> {
    if (!parent.regionCode) return;
    const [inside] = (await em.query(
      `SELECT 1 FROM region r LEFT JOIN region p ON p.code = r.parent_code
       WHERE r.code = $1 AND $2 IN (r.code, r.parent_code, p.parent_code)`,
      [regionCode, parent.regionCode],
    )) as unknown[];
    if (!inside) throw ChamberErrors.REGION_OUTSIDE_PARENT({ what, parent: parent.name, parentRegion: parent.regionCode }, { field });
  }

  /** Records a history event (and nothing else) inside a transaction. */
  async recordEvent(
    em: EntityManager,
    caller: Caller,
    chamberId: string,
    type: ChamberEventType,
    occurredOn: string,
    extra: { relatedChamberId?: string | null; note?: string | null; details?: Record<string, unknown> | null } = {},
  ): Promise<void> {
    await em.insert(ChamberEventEntity, {
      chamberId,
      type,
      occurredOn,
      relatedChamberId: extra.relatedChamberId ?? null,
      note: extra.note ?? null,
      details: (extra.details ?? null) as never,
      actorId: caller.id,
    });
  }

  /** Checks that a region exists and sits at the tier of the chamber's level. */
  async checkRegion(level: ChamberLevel, regionCode: string | null | undefined, field: string): Promise<RegionEntity | null> {
    const tier = REGION_LEVEL_FOR[level];
    if (!tier && regionCode) throw ChamberErrors.NATIONAL_HAS_NO_REGION({}, { field });
    if (!regionCode) {
      if (tier) throw ChamberErrors.REGION_REQUIRED({ level: chamberLevelText(level), tier: regionLevelText(tier) }, { field });
      return null;
    }
    const region = await this.regions.require(regionCode, field);
    if (tier && region.level !== tier) {
      throw ChamberErrors.REGION_WRONG_TIER(
        { region: region.name, code: region.code, regionLevel: regionLevelText(region.level), level: chamberLevelText(level), tier: regionLevelText(tier) },
        { field },
      );
    }
    return region;
  }

  async create(caller: Caller, input: CreateChamberInput): Promise<ChamberEntity> {
    const region = await this.checkRegion(input.level, input.regionCode, 'input.regionCode');
    if (input.status === ChamberStatus.Active && !input.foundedOn) {
      throw ChamberErrors.FOUNDING_DATE_REQUIRED({}, { field: 'input.foundedOn' });
    }
    if (input.status === ChamberStatus.Preparing && input.foundedOn) {
      throw ChamberErrors.FOUNDING_DATE_PREMATURE({}, { field: 'input.foundedOn' });
    }
    try {
      return await this.dataSource.transaction(async (em) => {
        await this.lockHierarchy(em);
        if (input.parentId) {
          const parent = await this.lockForWrite(em, caller, input.parentId, undefined, 'input.parentId');
          if (!LIVE.includes(parent.status)) throw ChamberErrors.PARENT_NOT_LIVE({ parent: parent.name, status: chamberStatusText(parent.status) }, { field: 'input.parentId' });
          this.checkLevelUnder(input.level, input.kind, parent, 'input.parentId');
          await this.checkRegionWithin(em, region?.code ?? null, parent, 'input.regionCode', localized('The chamber', '该商会'));
        } else if (!this.access.admits('Chamber', 'write', caller, TOP_OF_NETWORK)) {
          throw ChamberErrors.CREATE_OUTSIDE_SCOPE();
        }
        const result = await em.insert(ChamberEntity, {
          name: input.name,
          shortName: input.shortName ?? null,
          namePinyin: toPinyin(input.name),
          nameInitials: toInitials(input.name),
          level: input.level,
          kind: input.kind,
          regionCode: region?.code ?? null,
          provinceCode: region?.provinceCode ?? null,
          parentId: input.parentId ?? null,
          status: input.status,
          foundedOn: input.foundedOn ?? null,
          dualBranded: input.dualBranded,
          address: input.address ?? null,
          phone: input.phone ?? null,
          email: input.email ?? null,
          contactPerson: input.contactPerson ?? null,
        });
        const chamber = await em.findOneByOrFail(ChamberEntity, { id: (result.identifiers[0] as { id: string }).id });
        if (chamber.status === ChamberStatus.Active) {
          await this.recordEvent(em, caller, chamber.id, ChamberEventType.Founded, chamber.foundedOn ?? today());
        }
        await this.audit.record(em, { operation: 'chamber.create', entityType: ENTITY, entityId: chamber.id, after: chamberAuditSnapshot(chamber) });
        return chamber;
      });
    } catch (error) {
      throw await translateChamberError(error, this.dataSource.manager, { regionCode: input.regionCode, name: input.name, canSee: this.visibleTo(caller) });
    }
  }

  async update(caller: Caller, id: string, input: UpdateChamberInput): Promise<ChamberEntity> {
    try {
      return await this.dataSource.transaction(async (em) => {
        if (input.parentId !== undefined) await this.lockHierarchy(em);
        const before = await this.lockForWrite(em, caller, id, input.version);
        if (!LIVE.includes(before.status)) {
          throw ChamberErrors.CLOSED_FOR_EDITS({ chamber: before.name, status: chamberStatusText(before.status) });
        }
        if (input.parentId === null && before.parentId !== null) {
          // To the top of the tree: out of every secretary's subtree, so administrators only.
          if (!this.access.admits('Chamber', 'write', caller, TOP_OF_NETWORK)) {
            throw ChamberErrors.MOVE_TO_TOP_ADMIN_ONLY();
          }
        } else if (input.parentId && input.parentId !== before.parentId) {
          const parent = await this.lockForWrite(em, caller, input.parentId, undefined, 'input.parentId');
          if (!LIVE.includes(parent.status)) throw ChamberErrors.PARENT_NOT_LIVE({ parent: parent.name, status: chamberStatusText(parent.status) }, { field: 'input.parentId' });
          this.checkLevelUnder(before.level, before.kind, parent, 'input.parentId');
          await this.checkRegionWithin(em, before.regionCode, parent, 'input.parentId', before.name);
        }
        const name = input.name ?? before.name;
        await em.update(ChamberEntity, { id }, {
          name,
          namePinyin: toPinyin(name),
          nameInitials: toInitials(name),
          shortName: input.shortName !== undefined ? input.shortName : before.shortName,
          parentId: input.parentId !== undefined ? input.parentId : before.parentId,
          address: input.address !== undefined ? input.address : before.address,
          phone: input.phone !== undefined ? input.phone : before.phone,
          email: input.email !== undefined ? input.email : before.email,
          contactPerson: input.contactPerson !== undefined ? input.contactPerson : before.contactPerson,
          version: () => 'version + 1',
        });
        const after = await em.findOneByOrFail(ChamberEntity, { id });
        await this.audit.record(em, { operation: 'chamber.update', entityType: ENTITY, entityId: id, before: chamberAuditSnapshot(before), after: chamberAuditSnapshot(after) });
        return after;
      });
    } catch (error) {
      throw await translateChamberError(error, this.dataSource.manager, { name: input.name, canSee: this.visibleTo(caller) });
    }
  }
}
