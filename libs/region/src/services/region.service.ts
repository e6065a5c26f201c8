import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig, byKeys, ConnectionResult, escapeLike, keysetPage, NotFoundError, requestLoader } from '@crm/shared';
import { RegionsArgs } from '../dtos/args/regions.args';
import { RegionDto } from '../dtos/region.dto';
import { RegionEntity, RegionLevel } from '../entities/region.entity';
import { RegionErrors } from '../exceptions/region.errors';

@Injectable()
export class RegionService implements OnApplicationBootstrap {
  private readonly cache = new Map<string, RegionEntity>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(RegionEntity);
  }

  async get(code: string): Promise<RegionEntity> {
    const region = await this.repo.findOneBy({ code });
    if (!region) throw new NotFoundError('Region', code);
    return region;
  }

  /** The region, or BAD_USER_INPUT on `field` when the code is not a GB/T 2260 division. */
  async require(code: string, field: string): Promise<RegionEntity> {
    const region = /^\d{6}$/.test(code) ? await this.repo.findOneBy({ code }) : null;
    if (!region) throw RegionErrors.UNKNOWN_CODE({ code }, { field });
    return region;
  }

  /**
   * A region by code, for related fields (a member's hometown, a chamber's region). Regions are
   * reference data that change only when syncRegions() runs at start-up, before the server
   * takes requests: they are held in memory from bootstrap (3,238 rows, one statement), so pages
   * do not spend a round trip on them. A code missing from memory (a region added since) is read
   * by one statement per request and remembered.
   */
  load(req: object, code: string): Promise<RegionEntity | null> {
    const cached = this.cache.get(code);
    if (cached) return Promise.resolve(cached);
    return requestLoader<string, RegionEntity | null>(req, 'region', async (codes) => {
      const rows = await this.repo.findBy({ code: In([...codes]) });
      for (const r of rows) this.cache.set(r.code, r);
      return byKeys(codes, rows, (r) => r.code);
    }).load(code);
  }

  /** Every region held in memory (all of GB/T 2260 once the application has booted). */
  async all(): Promise<RegionEntity[]> {
    if (!this.cache.size) await this.onApplicationBootstrap();
    return [...this.cache.values()];
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const r of await this.repo.find()) this.cache.set(r.code, r);
  }

  list(args: RegionsArgs): Promise<ConnectionResult<RegionDto>> {
    const qb = this.repo.createQueryBuilder('r');
    const f = args.filter;
    if (f?.level) qb.andWhere('r.level = :level', { level: f.level });
    if (f?.parentCode) qb.andWhere('r.parent_code = :parentCode', { parentCode: f.parentCode });
    if (f?.provinceCode) qb.andWhere('r.province_code = :provinceCode', { provinceCode: f.provinceCode });
    if (f?.search) {
      const term = f.search.trim().toLowerCase();
      if (/^\d+$/.test(term)) {
        qb.andWhere('r.code LIKE :prefix', { prefix: `${term}%` });
      } else {
        qb.andWhere("(r.name || ' ' || r.name_pinyin || ' ' || r.name_initials) ILIKE :like", { like: `%${escapeLike(term)}%` });
      }
    }
    return keysetPage(qb, { keys: ['r.code'], direction: 'ASC', first: args.first, after: args.after }, RegionDto.from);
  }

  /** The county-level divisions of the configured home city (HOME_REGION_CODE). */
  homeCounties(): Promise<RegionEntity[]> {
    return this.repo.find({ where: { parentCode: this.config.HOME_REGION_CODE, level: RegionLevel.County }, order: { code: 'ASC' } });
  }

  async isHomeCounty(code: string): Promise<boolean> {
    return this.repo.exists({ where: { code, parentCode: this.config.HOME_REGION_CODE, level: RegionLevel.County } });
  }
}
