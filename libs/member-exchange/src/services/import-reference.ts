import { EntityManager } from 'typeorm';
import { AccessService, Caller, ScopeRefusal } from '@crm/auth';
import { ChamberLeadershipService } from '@crm/chamber';
import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, industryOf, MemberScopeRow } from '@crm/member';
import { RegionEntity, RegionLevel } from '@crm/region';

export interface ChamberRef {
  id: string;
  name: string;
  ancestorIds: string[];
  /** The running term (届), where an imported position goes; null when the chamber has none. */
  termId: string | null;
}

/** Names that only group counties under a municipality (北京市 › 市辖区 › 朝阳区) and that nobody writes. */
const FILLER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const compact = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '');

/**
 * The reference data an import resolves cells against, read once per job: regions (from the
 * in-memory cache), live chambers by name with their running term, single-holder positions
 * already taken, industries by name, and the caller's scope. Lookups by free text are
 * remembered, since a file repeats the same few chambers and places thousands of times.
 */
export class ImportReference {
  private readonly regionsByCode = new Map<string, RegionEntity>();
  private readonly regionPaths: { path: string; region: RegionEntity }[] = [];
  private readonly regionLookups = new Map<string, RegionEntity[]>();
  private readonly homeCountiesByName = new Map<string, string>();
  readonly homeCountyCodes = new Set<string>();
  private readonly industriesByName = new Map<string, string>();
  private readonly chambersById: ReadonlyMap<string, ChamberRef>;

  private constructor(
    readonly caller: Caller,
    private readonly access: AccessService,
    regions: RegionEntity[],
    homeRegionCode: string,
    private readonly chambersByName: ReadonlyMap<string, ChamberRef>,
    /** `termId|position` → member id, for positions a term has one of. */
    readonly singleHolders: Map<string, string | null>,
  ) {
    // A secretary's rows without 所属商会 mean its own chamber: looked up once per such row.
    this.chambersById = new Map([...chambersByName.values()].map((c) => [c.id, c]));
    for (const r of regions) this.regionsByCode.set(r.code, r);
    for (const r of regions) {
      this.regionPaths.push({ path: this.pathOf(r), region: r });
      if (r.parentCode === homeRegionCode && r.level === RegionLevel.County) {
        this.homeCountyCodes.add(r.code);
        const name = compact(r.name);
        this.homeCountiesByName.set(name, r.code);
        // 瑞安市 is written 瑞安; 鹿城区 鹿城 (never ambiguous inside one city).
        const short = name.replace(/(市|县|区)$/, '');
        if (short.length >= 2) this.homeCountiesByName.set(short, r.code);
      }
    }
    for (const s of INDUSTRY_SECTIONS) this.industriesByName.set(compact(s.name), s.code);
    for (const d of INDUSTRY_DIVISIONS) this.industriesByName.set(compact(d.name), d.code);
  }

  static async load(em: EntityManager, caller: Caller, access: AccessService, leadership: ChamberLeadershipService, regions: RegionEntity[], homeRegionCode: string): Promise<ImportReference> {
    // Chamber data through the chamber library: this library never reads its tables.
    const chambers: ChamberRef[] = await leadership.liveChambersWithRunningTerms(em);
    const byName = new Map(chambers.map((c) => [compact(c.name), c]));
    const singleHolders = new Map((await leadership.runningSingleHolders(em)).map((h) => [`${h.termId}|${h.position}`, h.memberId]));
    return new ImportReference(caller, access, regions, homeRegionCode, byName, singleHolders);
  }

  chamberByName(raw: string): ChamberRef | undefined {
    return this.chambersByName.get(compact(raw));
  }

  chamberById(id: string): ChamberRef | undefined {
    return this.chambersById.get(id);
  }

  /** Whether the caller may import members into this chamber (the chamber rule's read side: a secretary its subtree). */
  mayUseChamber(chamber: ChamberRef): boolean {
    return this.access.admits('Chamber', 'read', this.caller, chamber);
  }

  /** Positions are the chamber's business: recorded by those who keep the chamber (the rule's write side). */
  mayRecordPositions(chamber: ChamberRef): boolean {
    return this.access.admits('Chamber', 'write', this.caller, chamber);
  }

  /** What the caller's scope fills into a row that leaves it out (a county's hometown, a secretariat's chamber). */
  get scopeDefaults(): Partial<MemberScopeRow> {
    return this.access.defaults<MemberScopeRow>('Member', this.caller);
  }

  /** Why a member with this hometown and these chambers is outside the caller's scope, or null. */
  memberRefusal(row: MemberScopeRow): ScopeRefusal | null {
    return this.access.check('Member', 'write', this.caller, row);
  }

  /** A county of the home city by code, full name (瑞安市) or short name (瑞安). */
  homeCounty(raw: string): string | undefined {
    const value = compact(raw);
    if (/^\d{6}$/.test(value)) return this.homeCountyCodes.has(value) ? value : undefined;
    return this.homeCountiesByName.get(value) ?? this.homeCountiesByName.get(value.replace(/^.*?市(?=.+(市|县|区)$)/, ''));
  }

  /**
   * Regions a text names: a code; a full path (上海市浦东新区, 浙江省杭州市西湖区); or the end of
   * one (浦东新区, 杭州市西湖区). Several results mean the text is ambiguous (朝阳区).
   */
  regions(raw: string): RegionEntity[] {
    const value = compact(raw);
    const cached = this.regionLookups.get(value);
    if (cached) return cached;
    let found: RegionEntity[];
    if (/^\d{6}$/.test(value)) {
      const r = this.regionsByCode.get(value);
      found = r ? [r] : [];
    } else {
      const exact = this.regionPaths.filter((p) => p.path === value);
      found = (exact.length ? exact : this.regionPaths.filter((p) => p.path.endsWith(value) && value.length >= 2)).map((p) => p.region);
      // 温州 for 温州市: a name without its suffix, when nothing else matched.
      if (!found.length && value.length >= 2) {
        found = this.regionPaths.filter((p) => /(省|市|县|区)$/.test(p.region.name) && p.path.endsWith(`${value}${p.region.name.slice(-1)}`)).map((p) => p.region);
      }
    }
    this.regionLookups.set(value, found);
    return found;
  }

  industry(raw: string): string | undefined {
    const value = compact(raw).toUpperCase();
    if (/^[A-Z]$/.test(value) || /^\d{2}$/.test(value)) return industryOf(value) ? value : undefined;
    // C19 (section and division, as exports write it): the division, if it lies in that section.
    const both = /^([A-Z])(\d{2})$/.exec(value);
    if (both) return industryOf(both[2])?.section.code === both[1] ? both[2] : undefined;
    return this.industriesByName.get(compact(raw));
  }

  private pathOf(region: RegionEntity): string {
    const names: string[] = [];
    for (let r: RegionEntity | undefined = region; r; r = r.parentCode ? this.regionsByCode.get(r.parentCode) : undefined) {
      if (!FILLER_NAMES.has(r.name)) names.unshift(compact(r.name));
    }
    // 北京市 › 北京市 › 朝阳区 in some editions: a name repeated by its parent is written once.
    return names.filter((n, i) => n !== names[i - 1]).join('');
  }
}
