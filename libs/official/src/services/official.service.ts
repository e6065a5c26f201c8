import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { toNameInitials, toNamePinyin } from '@crm/member';
import { RegionService } from '@crm/region';
import { byKeys, ConnectionResult, escapeLike, keysetPage, maskPhone, NotFoundError, requestLoader } from '@crm/shared';
import { OfficialsArgs } from '../dtos/args/officials.args';
import { CreateOfficialInput, UpdateOfficialInput } from '../dtos/inputs/official.inputs';
import { OfficialDto } from '../dtos/official.dto';
import { OfficialEntity, OfficialLevel } from '../entities/official.entity';
import { OfficialErrors } from '../exceptions/official.errors';

const ENTITY = 'Official';

/** The expression ix_official_search_trgm indexes (migration OfficialsAndVisits): keep it identical. */
const SEARCH_EXPR = `(o.name || ' ' || o.name_pinyin || ' ' || o.name_initials || ' ' || o.unit)`;

export function officialAuditSnapshot(o: OfficialEntity): Record<string, unknown> {
  return { name: o.name, title: o.title, unit: o.unit, level: o.level, countyCode: o.countyCode, phone: o.phone, active: o.active };
}

/**
 * The officials' directory: the only writer of `official`. Other libraries (visits, the
 * investment context) read officials through `requireMany` and `load`, never the table.
 */
@Injectable()
export class OfficialService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, input: CreateOfficialInput): Promise<OfficialEntity> {
    const defaults = this.access.defaults<{ level: OfficialLevel; countyCode: string | null }>('Official', caller);
    const level = input.level ?? defaults.level ?? OfficialLevel.City;
    const countyCode = input.countyCode ?? (level === OfficialLevel.County ? (defaults.countyCode ?? null) : null);
    await this.checkPlace(level, countyCode);
    const refusal = this.access.check('Official', 'write', caller, { level, countyCode });
    if (refusal) throw OfficialErrors.OUTSIDE_SCOPE({ official: input.name }, { field: `input.${refusal.field}` });
    return this.dataSource.transaction(async (em) => {
      const result = await em.insert(OfficialEntity, {
        name: input.name,
        namePinyin: toNamePinyin(input.name),
        nameInitials: toNameInitials(input.name),
        title: input.title,
        unit: input.unit,
        level,
        countyCode,
        phone: input.phone ?? null,
      });
      const official = await em.findOneByOrFail(OfficialEntity, { id: (result.identifiers[0] as { id: string }).id });
      await this.audit.record(em, { operation: 'official.create', entityType: ENTITY, entityId: official.id, after: officialAuditSnapshot(official) });
      return official;
    });
  }

  async update(caller: Caller, id: string, input: UpdateOfficialInput): Promise<OfficialEntity> {
    return this.dataSource.transaction(async (em) => {
      const official = await em.getRepository(OfficialEntity).createQueryBuilder('o').where('o.id = :id', { id }).setLock('pessimistic_write').getOne();
      if (!official) throw new NotFoundError(ENTITY, id);
      if (this.access.check('Official', 'write', caller, official)) throw OfficialErrors.OUTSIDE_SCOPE({ official: official.name }, { field: 'id' });
      if (official.version !== input.version) {
        throw OfficialErrors.STALE_VERSION(
          { official: official.name, current: official.version, read: input.version },
          { field: 'input.version', extensions: { currentVersion: official.version } },
        );
      }
      const before = officialAuditSnapshot(official);
      const level = input.level ?? official.level;
      const countyCode = input.countyCode !== undefined ? input.countyCode : level === OfficialLevel.City ? null : official.countyCode;
      await this.checkPlace(level, countyCode);
      // The official must stay in the caller's scope (a county office cannot give one away).
      if (this.access.check('Official', 'write', caller, { level, countyCode })) throw OfficialErrors.OUTSIDE_SCOPE({ official: official.name }, { field: 'input.countyCode' });
      const name = input.name ?? official.name;
      await em.update(OfficialEntity, { id }, {
        name,
        namePinyin: toNamePinyin(name),
        nameInitials: toNameInitials(name),
        title: input.title ?? official.title,
        unit: input.unit ?? official.unit,
        level,
        countyCode,
        phone: input.phone !== undefined ? input.phone : official.phone,
        active: input.active ?? official.active,
        version: official.version + 1,
      });
      const after = await em.findOneByOrFail(OfficialEntity, { id });
      await this.audit.record(em, { operation: 'official.update', entityType: ENTITY, entityId: id, before, after: officialAuditSnapshot(after) });
      return after;
    });
  }

  private async checkPlace(level: OfficialLevel, countyCode: string | null): Promise<void> {
    if ((level === OfficialLevel.County) !== (countyCode !== null)) throw OfficialErrors.COUNTY_REQUIRED({}, { field: 'input.countyCode' });
    if (countyCode && !(await this.regions.isHomeCounty(countyCode))) throw OfficialErrors.NOT_HOME_COUNTY({ code: countyCode }, { field: 'input.countyCode' });
  }

  async getVisible(caller: Caller, id: string): Promise<OfficialEntity> {
    const filter = this.access.read('Official', caller, 'o');
    const official = await this.dataSource.getRepository(OfficialEntity).createQueryBuilder('o').where('o.id = :id', { id }).andWhere(filter.sql, filter.params).getOne();
    if (!official) throw new NotFoundError(ENTITY, id);
    return official;
  }

  /**
   * The directory in pinyin order, keyset-paginated on (name_pinyin, id). search: two
   * characters → ix_official_search_bigrams; three or more → ix_official_search_trgm.
   */
  list(caller: Caller, args: OfficialsArgs): Promise<ConnectionResult<OfficialDto>> {
    const qb = this.dataSource.getRepository(OfficialEntity).createQueryBuilder('o');
    const scope = this.access.read('Official', caller, 'o');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.level) qb.andWhere('o.level = :level', { level: f.level });
    if (f?.countyCode) qb.andWhere('o.county_code = :countyCode', { countyCode: f.countyCode });
    if (f?.active !== undefined && f?.active !== null) qb.andWhere('o.active = :active', { active: f.active });
    if (f?.search) {
      const term = f.search.replace(/\s+/g, '').toLowerCase();
      if ([...term].length === 2) qb.andWhere('o.search_keys @> ARRAY[:bigram]::text[]', { bigram: term });
      else if (term) qb.andWhere(`${SEARCH_EXPR} ILIKE :like`, { like: `%${escapeLike(term)}%` });
    }
    return keysetPage(qb, { keys: ['o.name_pinyin', 'o.id'], direction: 'ASC', first: args.first, after: args.after }, OfficialDto.from);
  }

  /**
   * Officials another library links rows to (visits, campaign groups, opinions, projects),
   * locked FOR SHARE in id order so an edit cannot slip in; an unknown id is BAD_USER_INPUT on
   * `field` (with the index when a list was given), an inactive one too unless `allowInactive`.
   */
  async requireMany(em: EntityManager, ids: readonly string[], field: string, options: { allowInactive?: boolean } = {}): Promise<Map<string, OfficialEntity>> {
    if (!ids.length) return new Map();
    const rows = await em
      .getRepository(OfficialEntity)
      .createQueryBuilder('o')
      .where('o.id = ANY(:ids::uuid[])', { ids: [...new Set(ids)].sort() })
      .orderBy('o.id')
      .setLock('pessimistic_read')
      .getMany();
    const found = new Map(rows.map((o) => [o.id, o]));
    ids.forEach((id, i) => {
      const at = ids.length > 1 || field.endsWith('s') ? `${field}.${i}` : field;
      const o = found.get(id);
      if (!o) throw OfficialErrors.UNKNOWN({ id }, { field: at });
      if (!o.active && !options.allowInactive) throw OfficialErrors.INACTIVE({ official: o.name }, { field: at });
    });
    return found;
  }

  /** Officials by id, in one statement (a page's leaders or assignees, read by the service that read the page). */
  async many(ids: readonly string[]): Promise<Map<string, OfficialEntity>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(OfficialEntity).findBy({ id: In([...new Set(ids)]) });
    return new Map(rows.map((o) => [o.id, o]));
  }

  /** Batches every official a page refers to into one statement. */
  load(req: object, id: string): Promise<OfficialEntity | null> {
    return requestLoader<string, OfficialEntity | null>(req, 'official', async (ids) =>
      byKeys(ids, await this.dataSource.getRepository(OfficialEntity).findBy({ id: In([...ids]) }), (o) => o.id),
    ).load(id);
  }

  /** An official's phone as the caller may see it: masked, or in clear with an audit row (one INSERT per request). */
  async phone(req: object, caller: Caller, official: OfficialDto): Promise<string | null> {
    if (!official.phoneValue) return null;
    if (!this.access.seesPersonalData(caller)) return maskPhone(official.phoneValue);
    await requestLoader<string, true>(req, 'official.phoneRead', async (ids) => {
      await this.audit.recordMany(this.dataSource.manager, ids.map((id) => ({ operation: 'official.personalDataRead', entityType: ENTITY, entityId: id, metadata: { fields: ['phone'] } })));
      return ids.map(() => true as const);
    }).load(official.id);
    return official.phoneValue;
  }
}
