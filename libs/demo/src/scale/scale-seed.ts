import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { Caller, Role } from '@crm/auth';
import { PositionType } from '@crm/chamber';
import {
  EnterpriseRole,
  EnterpriseService,
  EnterpriseSize,
  Gender as MemberGender,
  makeCreditCode,
  makeIdNumber,
  MemberDesignation,
  MembershipToAdd,
  MemberSource,
  MemberStatus,
  MemberWrite,
  MemberWriter,
  PoliticalLevel,
  PoliticalRoleInput,
  PoliticalRoleKind,
  toNamePinyin,
} from '@crm/member';
import { toInitials, toPinyin } from '@crm/region';
import { AppConfig, loadConfig } from '@crm/shared';
import { UserEntity, userAuditSnapshot } from '@crm/user';
import { BulkTable, Queryable } from './bulk-insert';
import {
  CHAMBER_NETWORK_THRESHOLD,
  ChamberLevelName,
  dateBetween,
  ExistingChamber,
  planChamberNetwork,
  RegionRow,
  SeedChamber,
  shortRegionName,
} from './chambers';
import { BRANDS, FORMS, TRADES } from './enterprises';
import { Rng, Weighted } from './random';
import { ScaleSeedModule } from './scale-seed.module';
import { EMAIL_DOMAINS, FEMALE_TAG, GIVEN_NAME_CHARS, MOBILE_PREFIXES, ROADS, SURNAMES, TAGS } from './surnames';

/** `member.source_note` of every member the scale seed makes: what --reset looks for. */
export const SCALE_SOURCE_NOTE = 'seed:scale';
/** `chamber_event.note` of the FOUNDED event of every chamber the scale seed creates. */
export const SCALE_CHAMBER_NOTE = 'seed:scale';
/** The generated data's "today": fixed, so that a seed always gives the same data. */
/** Members were registered between these instants (UTC). */
const REGISTERED_FROM = Date.UTC(2010, 0, 1);
const REGISTERED_TO = Date.UTC(2026, 9, 31, 23, 59, 59);

export const SCALE_REFERENCE_DAY = '2026-10-31';
/** Audit operation of every member and enterprise the scale seed writes (metadata: source and seed). */
export const SCALE_MEMBER_OPERATION = 'member.seed';
export const SCALE_ENTERPRISE_OPERATION = 'enterprise.seed';
/**
 * The account the scale seed writes as: an administrator that cannot sign in (inactive, no
 * password), made once per database with a fixed id, so seeded members name the same
 * registrar (registered_by) in every database and the audit trail names who wrote them.
 */
export const SCALE_SEED_ACCOUNT = {
  id: '00000000-5ca1-4e5e-8d00-000000000001',
  email: 'seed-scale@system.invalid',
  displayName: '规模数据 (seed:scale)',
} as const;

export interface ScaleSeedOptions {
  members: number;
  seed: number;
  /** HOME_REGION_CODE: hometowns are its COUNTY children (default 330300 温州). */
  homeRegionCode?: string;
  /** Members per MemberWriter call (default 5,000: at 1,000 the seed is ~20% slower; 2,500–10,000 are alike). */
  batchSize?: number;
  /** Configuration of the services the seed writes through (default: built-in defaults with homeRegionCode). */
  config?: AppConfig;
  log?: (line: string) => void;
}

export interface ScaleSeedSummary {
  seed: number;
  homeRegionCode: string;
  members: number;
  enterprises: number;
  memberEnterprises: number;
  memberships: number;
  /** Of the memberships, those that ended (left_on set). */
  pastMemberships: number;
  politicalRoles: number;
  chambersCreated: number;
  chambersUsed: number;
  terms: number;
  positions: number;
  /** Audit events the seed wrote: members, enterprises, positions, appointed members (their second write), its account when new. */
  auditEvents: number;
  /** Milliseconds per phase. */
  timings: { chambers: number; members: number; positions: number; indexes: number; analyze: number; total: number };
}

export interface ScaleResetSummary {
  members: number;
  enterprises: number;
  positions: number;
  chambers: number;
  /** Scale chambers kept because something that is not scale data refers to them. */
  chambersKept: number;
}

/**
 * The chamber data the seed writes itself, as column buffers: chambers, their FOUNDED events
 * and running terms. Members and everything of theirs go through MemberWriter.
 */
function makeTables() {
  return {
    chamber: new BulkTable('chamber', [
      { name: 'id', param: 'uuid' },
      { name: 'name', param: 'text' },
      { name: 'short_name', param: 'text' },
      { name: 'name_pinyin', param: 'text' },
      { name: 'name_initials', param: 'text' },
      { name: 'level', param: 'text', cast: 'chamber_level' },
      { name: 'kind', param: 'text', cast: 'chamber_kind' },
      { name: 'region_code', param: 'text' },
      { name: 'province_code', param: 'text' },
      { name: 'parent_id', param: 'uuid' },
      { name: 'status', param: 'text', cast: 'chamber_status' },
      { name: 'founded_on', param: 'date' },
      { name: 'created_at', param: 'timestamptz' },
      { name: 'updated_at', param: 'timestamptz' },
    ]),
    chamber_event: new BulkTable('chamber_event', [
      { name: 'chamber_id', param: 'uuid' },
      { name: 'type', param: 'text', cast: 'chamber_event_type' },
      { name: 'occurred_on', param: 'date' },
      { name: 'note', param: 'text' },
      { name: 'created_at', param: 'timestamptz' },
    ]),
    chamber_term: new BulkTable('chamber_term', [
      { name: 'id', param: 'uuid' },
      { name: 'chamber_id', param: 'uuid' },
      { name: 'number', param: 'int' },
      { name: 'starts_on', param: 'date' },
    ]),
  };
}

type Gender = 'MALE' | 'FEMALE';
type Trade = readonly [string, string | null];

const SURNAME = new Weighted(SURNAMES.map(([s, w]) => [s, w] as const));
const TRADE = new Weighted(TRADES.map(([word, division, w]) => [[word, division] as Trade, w] as const));
const FORM = new Weighted(FORMS);
const EMAIL_DOMAIN = new Weighted(EMAIL_DOMAINS);
const SIZE = new Weighted<string | null>([['MICRO', 42], ['SMALL', 38], ['MEDIUM', 13], ['LARGE', 3], [null, 4]]);
const SOURCE = new Weighted([['IMPORT', 36], ['MANUAL', 28], ['CHAMBER_REPORT', 18], ['COUNTY_REPORT', 15], ['INTEGRATION', 3]] as const);
const FIRST_ROLES = new Weighted<readonly string[]>([
  [['LEGAL_REPRESENTATIVE', 'CHAIRMAN'], 34],
  [['LEGAL_REPRESENTATIVE', 'GENERAL_MANAGER'], 20],
  [['LEGAL_REPRESENTATIVE'], 20],
  [['CHAIRMAN'], 8],
  [['GENERAL_MANAGER'], 8],
  [['SHAREHOLDER'], 10],
]);
const OTHER_ROLES = new Weighted<readonly string[]>([
  [['SHAREHOLDER'], 40],
  [['LEGAL_REPRESENTATIVE'], 20],
  [['CHAIRMAN', 'SHAREHOLDER'], 15],
  [['GENERAL_MANAGER'], 15],
  [['GENERAL_MANAGER', 'SHAREHOLDER'], 10],
]);
const PARTNER_ROLES = new Weighted<readonly string[]>([
  [['SHAREHOLDER'], 70],
  [['GENERAL_MANAGER', 'SHAREHOLDER'], 20],
  [['GENERAL_MANAGER'], 10],
]);
const POLITICAL_LEVEL = new Weighted<ChamberLevelName>([['COUNTY', 50], ['PREFECTURE', 35], ['PROVINCIAL', 12], ['NATIONAL', 3]]);
/** Current term number and start of 人大 / 政协 at each level (terms run five years). */
const POLITICAL_TERMS: Record<'PEOPLES_CONGRESS_DEPUTY' | 'CPPCC_MEMBER', Record<ChamberLevelName, readonly [number, string]>> = {
  PEOPLES_CONGRESS_DEPUTY: { NATIONAL: [14, '2023-03-05'], PROVINCIAL: [14, '2023-01-12'], PREFECTURE: [15, '2022-02-20'], COUNTY: [18, '2021-12-20'] },
  CPPCC_MEMBER: { NATIONAL: [14, '2023-03-04'], PROVINCIAL: [13, '2023-01-11'], PREFECTURE: [12, '2022-02-19'], COUNTY: [11, '2021-12-19'] },
};
/** Where Wenzhou merchants come from: 瑞安, 乐清, 永嘉, 苍南, 平阳 above all. Other home cities weigh their counties evenly. */
const HOMETOWN_WEIGHTS: Record<string, number> = {
  '330302': 8, '330303': 5, '330304': 7, '330305': 1, '330324': 12, '330326': 10, '330327': 9, '330328': 5, '330329': 4, '330381': 18, '330382': 17, '330383': 4,
};
const CHARS = {
  male: {
    classic: { first: [...GIVEN_NAME_CHARS.male.classic.first], second: [...GIVEN_NAME_CHARS.male.classic.second] },
    modern: { first: [...GIVEN_NAME_CHARS.male.modern.first], second: [...GIVEN_NAME_CHARS.male.modern.second] },
  },
  female: {
    classic: { first: [...GIVEN_NAME_CHARS.female.classic.first], second: [...GIVEN_NAME_CHARS.female.classic.second] },
    modern: { first: [...GIVEN_NAME_CHARS.female.modern.first], second: [...GIVEN_NAME_CHARS.female.modern.second] },
  },
};
/** Where most Wenzhou merchants outside Wenzhou do business: their chambers are the largest. */
const BIG_DESTINATIONS = new Set([
  '110000', '120000', '310000', '500000', '330100', '330200', '320100', '320500', '440100', '440300', '441900', '510100', '420100',
  '610100', '530100', '410100', '430100', '340100', '370200', '350100', '330782',
]);
const CREDIT_SPACE = 31 ** 6;
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

interface Candidate {
  id: string;
  name: string;
  strong: boolean;
}

interface EnterpriseRef {
  id: string;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const md = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
  return `${y}-${md}`;
}

function maxDay(...days: (string | null | undefined)[]): string {
  let best = '';
  for (const d of days) if (d && d > best) best = d;
  return best;
}

/** An enterprise a seeded member founds, created through EnterpriseService.createMany. */
interface SeedEnterprise {
  id: string;
  name: string;
  creditCode: string | null;
  industryCode: string | null;
  regionCode: string | null;
  size: EnterpriseSize | null;
}

/** One generated member: what MemberWriter writes, and the enterprises to create first. */
interface SeedMember {
  write: MemberWrite;
  enterprises: SeedEnterprise[];
}

/**
 * Generates members and everything hanging off them, one at a time, as MemberWrites. Holds
 * only what later members depend on: the uniqueness sets (ID numbers, phones, credit codes,
 * enterprise names), recent enterprises (partners link to them) and the position candidates
 * of each chamber; and counts what it generated.
 */
class MemberGenerator {
  private readonly rng: Rng;
  private readonly hometowns: Weighted<string>;
  private readonly chamberPicker: Weighted<SeedChamber>;
  private readonly chamberById: Map<string, SeedChamber>;
  private readonly national: SeedChamber | undefined;
  private readonly places = new Map<string, Weighted<string>>();
  private readonly regionsByParent = new Map<string, RegionRow[]>();
  private readonly byCode: Map<string, RegionRow>;
  private readonly homeShort: string;
  private readonly homeProvinceCode: string;
  private readonly idNumbers: Set<string>;
  private readonly phones: Set<string>;
  private readonly existingCreditCodes: Set<string>;
  private readonly existingEnterpriseIds: Set<string>;
  private readonly enterpriseNames = new Set<string>();
  private readonly pinyinCache = new Map<string, string>();
  private readonly creditBase: number;
  private creditCounter = 0;
  private readonly recentEnterprises: EnterpriseRef[] = [];
  private recentCursor = 0;
  readonly candidates = new Map<string, Candidate[]>();
  readonly counts = { members: 0, enterprises: 0, links: 0, memberships: 0, pastMemberships: 0, politicalRoles: 0 };

  constructor(
    rng: Rng,
    regions: readonly RegionRow[],
    chambers: readonly SeedChamber[],
    private readonly homeRegionCode: string,
    taken: { creditCodes: Set<string>; idNumbers: Set<string>; phones: Set<string>; enterpriseIds: Set<string> },
    private readonly audit: { operation: string; metadata: Record<string, unknown> },
  ) {
    this.existingEnterpriseIds = taken.enterpriseIds;
    this.existingCreditCodes = taken.creditCodes;
    this.idNumbers = taken.idNumbers;
    this.phones = taken.phones;
    this.rng = rng;
    this.byCode = new Map(regions.map((r) => [r.code, r]));
    for (const r of regions) {
      if (!r.parent_code) continue;
      const list = this.regionsByParent.get(r.parent_code) ?? [];
      list.push(r);
      this.regionsByParent.set(r.parent_code, list);
    }
    const home = this.byCode.get(homeRegionCode) as RegionRow;
    this.homeShort = shortRegionName(home.name);
    this.homeProvinceCode = `${home.province_code}0000`;
    const counties = (this.regionsByParent.get(homeRegionCode) ?? []).filter((r) => r.level === 'COUNTY');
    if (counties.length === 0) throw new Error(`HOME_REGION_CODE ${homeRegionCode} has no county-level regions (home counties)`);
    this.hometowns = new Weighted(counties.map((c) => [c.code, HOMETOWN_WEIGHTS[c.code] ?? 5] as const));

    this.chamberById = new Map(chambers.map((c) => [c.id, c]));
    this.national = chambers.find((c) => c.level === 'NATIONAL' && c.kind === 'REGIONAL');
    // Chamber sizes follow a skewed distribution: a few large chambers (the municipalities,
    // provincial capitals), many small ones. The weights come from their own stream, so they
    // do not depend on how many members are generated.
    const sizes = rng.fork('chamber-sizes');
    const joinable = chambers.filter((c) => c.regionCode);
    if (joinable.length === 0) throw new Error('No active chamber with a region to put members in');
    this.chamberPicker = new Weighted(
      joinable.map((c) => {
        const region = this.byCode.get(c.regionCode as string);
        let weight = c.kind !== 'REGIONAL' ? 0.3 : c.level === 'PROVINCIAL' ? (this.isMunicipality(region) ? 4 : 1.2) : c.level === 'PREFECTURE' ? 1 : 0.6;
        const big = !!region && BIG_DESTINATIONS.has(region.code);
        if (big) weight *= 3;
        else if (region && region.level === 'PREFECTURE' && region.code.endsWith('0100')) weight *= 1.8;
        return [c, weight * Math.exp((big ? 0.2 : 0.5) * sizes.normal())] as const;
      }),
    );
    this.creditBase = rng.fork('credit-codes').int(0, CREDIT_SPACE - 1);
  }

  private isMunicipality(region: RegionRow | undefined): boolean {
    return !!region && region.level === 'PROVINCE' && !(this.regionsByParent.get(region.code) ?? []).some((r) => r.level === 'PREFECTURE');
  }

  /** Where a member of a chamber lives: its county, its prefecture or one of its counties, a prefecture of its province. */
  private placeOf(chamber: SeedChamber): Weighted<string> {
    const cached = this.places.get(chamber.id);
    if (cached) return cached;
    const region = this.byCode.get(chamber.regionCode as string) as RegionRow;
    const children = (this.regionsByParent.get(region.code) ?? []).filter((r) => r.level !== 'PROVINCE');
    let entries: (readonly [string, number])[];
    if (region.level === 'COUNTY' || children.length === 0) {
      entries = [[region.code, 1]];
    } else if (region.level === 'PREFECTURE') {
      entries = [[region.code, 5.5], ...children.map((c) => [c.code, 4.5 / children.length] as const)];
    } else {
      const prefectures = children.filter((c) => c.level === 'PREFECTURE');
      entries = prefectures.length
        ? prefectures.map((p) => [p.code, p.code.endsWith('0100') ? 4 : 1] as const)
        : children.map((c) => [c.code, 1] as const);
    }
    const picker = new Weighted(entries);
    this.places.set(chamber.id, picker);
    return picker;
  }

  private pinyinOf(name: string): string {
    let hit = this.pinyinCache.get(name);
    if (hit === undefined) {
      hit = toNamePinyin(name);
      this.pinyinCache.set(name, hit);
    }
    return hit;
  }

  /** 上海市浦东新区 / 广东省深圳市 / 温州市瑞安市: a postal prefix for addresses. */
  private postalName(code: string): string {
    const r = this.byCode.get(code);
    if (!r) return '';
    const parent = r.parent_code ? this.byCode.get(r.parent_code) : undefined;
    return `${parent?.name ?? ''}${r.name}`;
  }

  private dayInYear(year: number): string {
    const start = Date.UTC(year, 0, 1);
    const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
    return new Date(start + this.rng.int(0, days - 1) * 86_400_000).toISOString().slice(0, 10);
  }

  private mobile(): string {
    const r = this.rng;
    let phone = '';
    for (let attempt = 0; attempt < 8; attempt++) {
      phone = r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0');
      if (!this.phones.has(phone)) break;
    }
    this.phones.add(phone);
    return phone;
  }

  private creditCode(): string | null {
    for (let attempt = 0; attempt < 16; attempt++) {
      const code = makeCreditCode((this.creditBase + this.creditCounter++) % CREDIT_SPACE);
      if (!this.existingCreditCodes.has(code)) return code;
    }
    return null;
  }

  private placeWord(code: string | null): string {
    const r = code ? this.byCode.get(code) : undefined;
    return r ? shortRegionName(r.name) : '';
  }


  private newEnterprise(hometown: string | null, currentRegion: string | null): SeedEnterprise {
    const r = this.rng;
    let id = r.uuid();
    while (this.existingEnterpriseIds.has(id)) id = r.uuid();
    const [trade, division] = TRADE.pick(r);
    const form = FORM.pick(r);
    const x = r.next();
    const place = x < 0.45 ? this.placeWord(currentRegion) : x < 0.75 ? this.placeWord(hometown) : x < 0.9 ? this.homeShort : '';
    let name = '';
    for (let attempt = 0; attempt < 6; attempt++) {
      name = `${place}${r.pick(BRANDS)}${trade}${form}`;
      if (!this.enterpriseNames.has(name)) break;
    }
    this.enterpriseNames.add(name);
    const y = r.next();
    const region = y < 0.65 ? currentRegion : y < 0.9 ? hometown : null;
    const industry = division && r.chance(0.9) ? division : null;
    const creditCode = r.chance(0.92) ? this.creditCode() : null;
    const enterprise = { id, name, creditCode, industryCode: industry, regionCode: region, size: SIZE.pick(r) as EnterpriseSize | null };
    const ref = { id };
    if (this.recentEnterprises.length < 200) this.recentEnterprises.push(ref);
    else this.recentEnterprises[this.recentCursor++ % 200] = ref;
    this.counts.enterprises++;
    return enterprise;
  }

  private joinDay(chamber: SeedChamber, birthYear: number): string {
    const lower = maxDay(chamber.foundedOn, `${birthYear + 22}-01-01`, '1995-01-01');
    return dateBetween(this.rng, lower > SCALE_REFERENCE_DAY ? SCALE_REFERENCE_DAY : lower, SCALE_REFERENCE_DAY);
  }

  member(): SeedMember {
    const r = this.rng;
    const id = r.uuid();
    this.counts.members++;
    const male = r.chance(0.75);
    const birthYear = 1950 + Math.min(52, Math.floor(((r.next() + r.next() + r.next()) / 3) * 53));
    const birthDay = this.dayInYear(birthYear);

    const pools = CHARS[male ? 'male' : 'female'][r.chance(birthYear >= 1982 ? 0.75 : 0.12) ? 'modern' : 'classic'];
    const given = r.chance(0.12) ? r.pick(pools.second) : r.pick(pools.first) + r.pick(pools.second);
    const name = SURNAME.pick(r) + given;
    const namePinyin = this.pinyinOf(name);

    const hometown = r.chance(0.98) ? this.hometowns.pick(r) : null;
    let gender: Gender | null = male ? 'MALE' : 'FEMALE';
    let birthDate: string | null = birthDay;
    let idNumber: string | null = null;
    if (hometown && r.chance(0.867)) {
      // Sequences 100–199 are left to the demo data set (demo-seed.service.ts numbers its
      // members from 100), so that it can still be loaded next to scale data.
      let sequence = r.int(0, 899);
      for (let attempt = 0; attempt < 450; attempt++) {
        const candidate = makeIdNumber(hometown, birthDay, sequence < 100 ? sequence : sequence + 100, gender);
        if (!this.idNumbers.has(candidate)) {
          idNumber = candidate;
          break;
        }
        sequence = (sequence + 2) % 900;
      }
      if (idNumber) this.idNumbers.add(idNumber);
    }
    if (!idNumber) {
      if (r.chance(0.08)) gender = null;
      if (r.chance(0.15)) birthDate = null;
    }

    const leadGoose = r.chance(0.02);
    const newGeneration = birthYear >= 1980 && r.chance(0.12);
    const designations: MemberDesignation[] = [];
    if (newGeneration) designations.push(MemberDesignation.NewGeneration);
    if (leadGoose) designations.push(MemberDesignation.LeadGoose);

    const deceasedChance = birthYear < 1960 ? 0.04 : birthYear < 1970 ? 0.012 : 0.003;
    const s = r.next();
    const status = s < deceasedChance ? MemberStatus.Deceased : s < deceasedChance + 0.04 ? MemberStatus.Left : MemberStatus.Active;
    const source = SOURCE.pick(r) as MemberSource;
    // Registered over the years the office has kept its base (more in later years).
    const registeredAt = new Date(REGISTERED_FROM + Math.floor((Math.sqrt(r.next()) * (REGISTERED_TO - REGISTERED_FROM)) / 1000) * 1000).toISOString();

    // Chambers: 10% none, 80% one, 10% two; lead geese often also sit in the national chamber.
    const current: SeedChamber[] = [];
    const m = r.next();
    let primary: SeedChamber | undefined;
    if (m >= 0.1) {
      primary = this.chamberPicker.pick(r);
      current.push(primary);
      if (m >= 0.9) {
        const parent = primary.parentId ? this.chamberById.get(primary.parentId) : undefined;
        let second = parent && parent.level !== 'NATIONAL' && r.chance(0.6) ? parent : this.chamberPicker.pick(r);
        for (let attempt = 0; attempt < 4 && current.includes(second); attempt++) second = this.chamberPicker.pick(r);
        if (!current.includes(second)) current.push(second);
      }
    }
    if (leadGoose && this.national && r.chance(0.5) && !current.includes(this.national)) current.push(this.national);
    const memberships: MembershipToAdd[] = current.map((c) => ({ chamberId: c.id, joinedOn: r.chance(0.03) ? null : this.joinDay(c, birthYear) }));
    // Now and then a membership that has ended: secretaries of that chamber still keep the member.
    if (r.chance(0.04)) {
      const past = this.chamberPicker.pick(r);
      if (!current.includes(past)) {
        const joinedOn = this.joinDay(past, birthYear);
        memberships.push({ chamberId: past.id, joinedOn, leftOn: dateBetween(r, joinedOn, SCALE_REFERENCE_DAY) });
        this.counts.pastMemberships++;
      }
    }
    this.counts.memberships += memberships.length;

    const currentRegion = r.chance(0.03) ? null : this.placeOf(primary ?? this.chamberPicker.pick(r)).pick(r);

    // Enterprises: ~0.7 per member; now and then a partner in a recent member's enterprise.
    const e = r.next();
    const enterpriseCount = e < 0.42 ? 0 : e < 0.87 ? 1 : e < 0.97 ? 2 : 3;
    const founded: SeedEnterprise[] = [];
    const links: { enterpriseId: string; roles: EnterpriseRole[] }[] = [];
    for (let k = 0; k < enterpriseCount; k++) {
      let enterpriseId: string;
      let roles: readonly string[];
      if (this.recentEnterprises.length > 0 && r.chance(0.05)) {
        enterpriseId = r.pick(this.recentEnterprises).id;
        roles = PARTNER_ROLES.pick(r);
        if (links.some((l) => l.enterpriseId === enterpriseId)) continue;
      } else {
        const enterprise = this.newEnterprise(hometown, currentRegion);
        founded.push(enterprise);
        enterpriseId = enterprise.id;
        roles = (k === 0 ? FIRST_ROLES : OTHER_ROLES).pick(r);
      }
      links.push({ enterpriseId, roles: [...roles] as EnterpriseRole[] });
    }
    this.counts.links += links.length;
    // Office holders come from the active members of the chamber; presidents preferably run a business.
    if (status === MemberStatus.Active) {
      for (const c of current) {
        if (!c.withTerm) continue;
        const list = this.candidates.get(c.id) ?? [];
        list.push({ id, name, strong: leadGoose || links.length > 0 });
        this.candidates.set(c.id, list);
      }
    }

    // Contact data.
    const p = r.next();
    const phoneCount = p < 0.07 ? 0 : p < 0.73 ? 1 : p < 0.95 ? 2 : 3;
    const phones: string[] = [];
    for (let k = 0; k < phoneCount; k++) phones.push(this.mobile());
    let wechat: string | null = null;
    if (r.chance(0.6)) {
      if (phones.length && r.chance(0.25)) wechat = phones[0];
      else if (r.chance(0.4)) {
        wechat = 'wxid_';
        for (let k = 0; k < 14; k++) wechat += BASE36[r.int(0, 35)];
      } else wechat = `${namePinyin}${r.chance(0.5) ? String(birthYear).slice(2) : String(r.int(1, 9999))}`;
    }
    let email: string | null = null;
    if (r.chance(0.22)) {
      const domain = EMAIL_DOMAIN.pick(r);
      email = domain === 'qq.com' && r.chance(0.6) ? `${r.int(100_000_000, 3_999_999_999)}@qq.com` : `${namePinyin}${r.int(1, 999)}@${domain}`;
    }
    let address: string | null = null;
    const addressRegion = currentRegion ?? hometown;
    if (addressRegion && r.chance(0.45)) {
      address = `${this.postalName(addressRegion)}${r.pick(ROADS)} ${r.int(1, 999)} 号`;
      if (r.chance(0.35)) address += ` ${r.int(1, 28)} 幢 ${r.int(1, 30)}0${r.int(1, 8)} 室`;
    }
    const tags: string[] = [];
    if (r.chance(0.12)) {
      const count = r.chance(0.3) ? 2 : 1;
      while (tags.length < count) {
        const tag = gender === 'FEMALE' && r.chance(0.3) ? FEMALE_TAG : r.pick(TAGS);
        if (!tags.includes(tag)) tags.push(tag);
      }
    }

    // 人大代表 / 政协委员: ~0.6% of members, lead geese far more often.
    const politicalRoles: PoliticalRoleInput[] = [];
    if (r.chance(leadGoose ? 0.08 : 0.0045)) {
      const kind = r.chance(0.5) ? ('PEOPLES_CONGRESS_DEPUTY' as const) : ('CPPCC_MEMBER' as const);
      const level = POLITICAL_LEVEL.pick(r);
      const living = currentRegion ? this.byCode.get(currentRegion) : undefined;
      const livingPrefecture =
        living?.level === 'PREFECTURE' ? living.code : living?.parent_code && this.byCode.get(living.parent_code)?.level === 'PREFECTURE' ? living.parent_code : null;
      const body =
        level === 'COUNTY'
          ? (hometown ?? this.hometowns.pick(r))
          : level === 'PREFECTURE'
            ? (livingPrefecture && r.chance(0.2) ? livingPrefecture : this.homeRegionCode)
            : level === 'PROVINCIAL'
              ? (living && r.chance(0.3) ? `${living.province_code}0000` : this.homeProvinceCode)
              : null;
      const [number, startsOn] = POLITICAL_TERMS[kind][level];
      const role = { kind: kind as PoliticalRoleKind, level: level as PoliticalLevel, regionCode: body ?? undefined };
      if (r.chance(0.3)) politicalRoles.push({ ...role, termNumber: number - 1, startsOn: addYears(startsOn, -5), endsOn: startsOn });
      politicalRoles.push({ ...role, termNumber: number, startsOn });
    }
    this.counts.politicalRoles += politicalRoles.length;

    // Completeness, pinyin, initials and chamber_ids are the writer's to derive.
    return {
      write: {
        id,
        values: {
          name,
          gender: gender as MemberGender | null,
          birthDate,
          idNumber,
          phones,
          wechat,
          email,
          address,
          hometownCode: hometown,
          currentRegionCode: currentRegion,
          designations,
          tags,
          source,
          sourceNote: SCALE_SOURCE_NOTE,
          status,
          note: null,
        },
        memberships,
        enterprises: links,
        registeredAt,
        ...(politicalRoles.length ? { politicalRoles } : {}),
        audit: this.audit,
      },
      enterprises: founded,
    };
  }
}

/** The account the seed writes as (SCALE_SEED_ACCOUNT), made the first time as the demo makes its accounts. */
export async function seedAccount(em: EntityManager, audit: AuditService): Promise<{ caller: Caller; created: boolean }> {
  let created = false;
  let account = await em.findOneBy(UserEntity, { email: SCALE_SEED_ACCOUNT.email });
  if (!account) {
    await em.insert(UserEntity, {
      id: SCALE_SEED_ACCOUNT.id,
      email: SCALE_SEED_ACCOUNT.email,
      displayName: SCALE_SEED_ACCOUNT.displayName,
      role: Role.Admin,
      // No password: nobody signs in as the seed.
      passwordHash: '!',
      active: false,
    });
    account = await em.findOneByOrFail(UserEntity, { id: SCALE_SEED_ACCOUNT.id });
    await audit.record(em, { operation: 'user.create', entityType: 'User', entityId: account.id, actor: null, after: userAuditSnapshot(account), metadata: { reason: 'scale seed' } });
    created = true;
  }
  if (account.role !== Role.Admin) throw new Error(`${SCALE_SEED_ACCOUNT.email} is no longer an administrator; the scale seed writes as one`);
  return { caller: { id: account.id, email: account.email, role: Role.Admin, countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null }, created };
}

/**
 * Fills the database with realistic, deterministic scale data for benchmarks: the chamber
 * network (when the database has fewer than ~250 chambers) with a running term in each chamber
 * it creates, then `members` members with their enterprises, memberships and political roles,
 * and the leadership of those terms. Everything comes from `seed`: the same seed gives the same
 * rows (members, enterprises and chambers keep their uuids; rows the database numbers itself,
 * links and positions, are the same rows under other ids).
 *
 * Chamber data (chambers, FOUNDED events, terms) is inserted in bulk here. Members and all of
 * theirs are written by MemberWriter, the one write path of members, `batchSize` at a time,
 * as the administrator SCALE_SEED_ACCOUNT; enterprises by EnterpriseService.createMany; each
 * member, enterprise and position is audited (`member.seed`, `enterprise.seed`,
 * `chamberPosition.create`; metadata `{ source: 'seed:scale', seed }`). One transaction.
 * Members carry source_note 'seed:scale' and created chambers a FOUNDED event noted
 * 'seed:scale', which is what resetScaleData removes. Refuses a database that already holds
 * scale members.
 */
export async function seedScale(dataSource: DataSource, options: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const { members, seed } = options;
  if (!Number.isSafeInteger(members) || members < 1) throw new RangeError(`members must be a positive integer, got ${members}`);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer in 0..4294967295, got ${seed}`);
  const homeRegionCode = options.homeRegionCode ?? options.config?.HOME_REGION_CODE ?? '330300';
  // Only the home region matters to the services the seed uses; the secret keeps loadConfig from touching DATA_DIR.
  const config = options.config ?? loadConfig({ HOME_REGION_CODE: homeRegionCode, JWT_SECRET: randomBytes(32).toString('hex') });
  const app = await NestFactory.createApplicationContext(ScaleSeedModule.forRoot(dataSource.options, config), { logger: ['error', 'warn'] });
  try {
    return await seedWith(app.get<DataSource>(getDataSourceToken()), app.get(MemberWriter), app.get(EnterpriseService), app.get(AuditService), {
      ...options,
      homeRegionCode,
    });
  } finally {
    // Closes the context's own connections, not the caller's data source.
    await app.close();
  }
}

async function seedWith(
  dataSource: DataSource,
  writer: MemberWriter,
  enterprises: EnterpriseService,
  audit: AuditService,
  options: ScaleSeedOptions & { homeRegionCode: string },
): Promise<ScaleSeedSummary> {
  const { members, seed, homeRegionCode } = options;
  const batchSize = options.batchSize ?? 5000;
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const timings = { chambers: 0, members: 0, positions: 0, indexes: 0, analyze: 0, total: 0 };
  const root = new Rng(seed);
  const t = makeTables();
  const tag = { source: SCALE_SOURCE_NOTE, seed };

  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const db: Queryable = runner;
  const em = runner.manager;
  let summary: ScaleSeedSummary;
  try {
    await runner.startTransaction();
    try {
      // One scale seed at a time, and never twice over the same database.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed-scale']);
      const [{ n: scaleMembers }] = (await db.query('SELECT count(*)::int AS n FROM member WHERE source_note = $1', [SCALE_SOURCE_NOTE])) as { n: number }[];
      if (scaleMembers > 0) {
        throw new Error(`The database already holds ${scaleMembers} members from the scale seed; reset them first (npm run seed:scale -- --reset)`);
      }
      const { caller, created: accountCreated } = await seedAccount(em, audit);
      const actor: AuditRecord['actor'] = { id: caller.id, email: caller.email, role: caller.role };

      // ---- Chambers and their running terms (chamber data, inserted in bulk) ------------
      let clock = performance.now();
      const regions = (await db.query('SELECT code, name, level, parent_code, province_code FROM region ORDER BY code')) as RegionRow[];
      const existing = (await db.query(
        `SELECT id, name, level, kind, region_code, province_code, parent_id, status, to_char(founded_on, 'YYYY-MM-DD') AS founded_on
         FROM chamber ORDER BY depth, name, id`,
      )) as ExistingChamber[];
      const network = planChamberNetwork(root.fork('chambers'), regions, existing, homeRegionCode, existing.length < CHAMBER_NETWORK_THRESHOLD);
      // Level by level: the hierarchy trigger reads each parent, which must already be there.
      for (const level of ['NATIONAL', 'PROVINCIAL', 'PREFECTURE', 'COUNTY'] as const) {
        for (const c of network.created.filter((x) => x.level === level)) {
          const at = `${c.foundedOn}T09:00:00Z`;
          t.chamber.add(c.id, c.name, c.shortName, toPinyin(c.name), toInitials(c.name), c.level, c.kind, c.regionCode, c.provinceCode, c.parentId, 'ACTIVE', c.foundedOn, at, at);
          t.chamber_event.add(c.id, 'FOUNDED', c.foundedOn, SCALE_CHAMBER_NOTE, at);
        }
        await t.chamber.flush(db, t.chamber.take());
      }
      await t.chamber_event.flush(db, t.chamber_event.take());
      // The running term of each created chamber comes first: positions go into it when the
      // leadership is appointed, after the members.
      const refYear = Number(SCALE_REFERENCE_DAY.slice(0, 4));
      const terms: { chamber: SeedChamber; startsOn: string; rng: Rng }[] = [];
      for (const c of network.created) {
        if (!c.withTerm || !c.foundedOn) continue;
        // 换届 every five years since the founding; the running term started on the last anniversary.
        let number = Math.floor((refYear - Number(c.foundedOn.slice(0, 4))) / 5) + 1;
        let startsOn = addYears(c.foundedOn, 5 * (number - 1));
        if (startsOn > SCALE_REFERENCE_DAY && number > 1) {
          number -= 1;
          startsOn = addYears(c.foundedOn, 5 * (number - 1));
        }
        // A stream per chamber: its term and leadership depend on nothing else.
        const rng = root.fork(`positions:${c.id}`);
        t.chamber_term.add(rng.uuid(), c.id, number, startsOn);
        terms.push({ chamber: c, startsOn, rng });
      }
      await t.chamber_term.flush(db, t.chamber_term.take());
      timings.chambers = performance.now() - clock;
      log(`chambers: ${network.created.length} created, ${network.usable.length} active in use, ${terms.length} terms (${(timings.chambers / 1000).toFixed(1)} s)`);

      // ---- Members, enterprises, memberships, political roles: MemberWriter ------------
      clock = performance.now();
      // Members and enterprises already there (the demo data set, say) keep theirs: the seed
      // steers clear of their ID numbers, phones and credit codes.
      const taken = {
        creditCodes: new Set(((await db.query('SELECT credit_code FROM enterprise WHERE credit_code IS NOT NULL')) as { credit_code: string }[]).map((r) => r.credit_code)),
        idNumbers: new Set(((await db.query(`SELECT id_number FROM member WHERE id_number IS NOT NULL AND status <> 'MERGED'`)) as { id_number: string }[]).map((r) => r.id_number)),
        phones: new Set(((await db.query('SELECT DISTINCT unnest(phones) AS phone FROM member')) as { phone: string }[]).map((r) => r.phone)),
        // An enterprise of an earlier run that a remaining member still links to was kept.
        enterpriseIds: new Set(((await db.query('SELECT id FROM enterprise')) as { id: string }[]).map((r) => r.id)),
      };
      const generator = new MemberGenerator(root.fork('members'), regions, network.usable, homeRegionCode, taken, { operation: SCALE_MEMBER_OPERATION, metadata: tag });
      const memberTables = ['member', 'enterprise', 'member_enterprise', 'chamber_membership', 'member_political_role'];
      // Secondary indexes are rebuilt once at the end, from their own definitions: building a
      // GIN index (trigrams, bigrams, phone suffixes) in one pass is many times faster than
      // growing it row by row. Primary keys and unique indexes stay: they check as we go, and
      // the writer's statements find rows through them.
      const deferred = (await db.query(
        `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
         WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1::text[])
           AND NOT i.indisprimary AND NOT i.indisunique
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
         ORDER BY 1`,
        [memberTables],
      )) as { name: string; definition: string }[];
      for (const index of deferred) await db.query(`DROP INDEX ${index.name}`);
      // The database writes one batch while the next one is generated.
      let inFlight: Promise<void> = Promise.resolve();
      const spent = { enterprises: 0, writer: 0 };
      let nextLog = 50_000;
      for (let start = 0; start < members; start += batchSize) {
        const end = Math.min(members, start + batchSize);
        const batch: SeedMember[] = [];
        for (let i = start; i < end; i++) {
          batch.push(generator.member());
          if ((i & 255) === 255) await yieldToLoop();
        }
        const first = start === 0;
        await inFlight;
        inFlight = (async () => {
          let at = performance.now();
          await enterprises.createMany(
            em,
            batch.flatMap((m) => m.enterprises),
            { operation: SCALE_ENTERPRISE_OPERATION, metadata: tag, actor },
          );
          spent.enterprises += performance.now() - at;
          at = performance.now();
          await writer.write(em, caller, batch.map((m) => m.write), { actor, registeredBy: caller.id });
          spent.writer += performance.now() - at;
          // Statistics once there are rows, so later statements are planned for a table that grows.
          if (first) await db.query(`ANALYZE ${memberTables.join(', ')}`);
        })();
        inFlight.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
        if (end >= nextLog || end === members) {
          log(`members: ${end.toLocaleString('en-US')} / ${members.toLocaleString('en-US')} generated (${((performance.now() - clock) / 1000).toFixed(1)} s)`);
          nextLog += 50_000;
        }
      }
      await inFlight;
      timings.members = performance.now() - clock;
      log(`written: enterprises ${(spent.enterprises / 1000).toFixed(1)} s, members through MemberWriter ${(spent.writer / 1000).toFixed(1)} s`);

      // ---- The leadership of each term, appointed among its chamber's active members ------
      clock = performance.now();
      const appointments = new Map<string, { chamberId: string; position: PositionType; startsOn: string }[]>();
      for (const { chamber, startsOn, rng } of terms) {
        const pool = rng.shuffle(generator.candidates.get(chamber.id) ?? []);
        if (pool.length === 0) continue;
        const n = pool.length;
        const presidentAt = Math.max(0, pool.findIndex((x) => x.strong));
        const [president] = pool.splice(presidentAt, 1);
        const wanted: PositionType[] = [PositionType.SecretaryGeneral];
        for (let k = 0; k < Math.min(5, 1 + Math.floor(n / 400)); k++) wanted.push(PositionType.ExecutiveVicePresident);
        for (let k = 0; k < Math.min(15, 2 + Math.floor(n / 150)); k++) wanted.push(PositionType.VicePresident);
        if (n >= 20) wanted.push(PositionType.SupervisorChair);
        const held: [PositionType, Candidate][] = [[PositionType.President, president]];
        for (const position of wanted) {
          const holder = pool.shift();
          if (!holder) break;
          held.push([position, holder]);
        }
        for (const [position, holder] of held) {
          const list = appointments.get(holder.id) ?? [];
          list.push({ chamberId: chamber.id, position, startsOn });
          appointments.set(holder.id, list);
        }
      }
      // The appointees are members by now: the writer locks them, and adds the positions to
      // their memberships, as the API's joinChamber with a position would.
      const appointees = [...appointments.keys()];
      for (let i = 0; i < appointees.length; i += batchSize) {
        const locked = await writer.lockWithLinks(em, appointees.slice(i, i + batchSize));
        const writes: MemberWrite[] = [...locked].map(([id, { chambers, positions: _held, enterprises: _linked, ...before }]) => ({
          id,
          before,
          values: before,
          memberships: (appointments.get(id) ?? []).map((a) => ({
            chamberId: a.chamberId,
            alreadyMember: chambers.has(a.chamberId),
            positions: [a.position],
            positionStartsOn: a.startsOn,
          })),
          audit: { operation: SCALE_MEMBER_OPERATION, metadata: { ...tag, step: 'leadership' } },
        }));
        await writer.write(em, caller, writes, { actor, registeredBy: caller.id });
      }
      const positions = [...appointments.values()].reduce((sum, list) => sum + list.length, 0);
      timings.positions = performance.now() - clock;
      log(`leadership: ${positions.toLocaleString('en-US')} positions for ${appointees.length.toLocaleString('en-US')} members (${(timings.positions / 1000).toFixed(1)} s)`);

      clock = performance.now();
      await db.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      const built: [string, number][] = [];
      for (const index of deferred) {
        const at = performance.now();
        await db.query(index.definition);
        built.push([index.name, performance.now() - at]);
      }
      timings.indexes = performance.now() - clock;
      const slowest = built.sort((x, y) => y[1] - x[1]).slice(0, 3).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`);
      log(`indexes: ${deferred.length} rebuilt (${(timings.indexes / 1000).toFixed(1)} s; slowest ${slowest.join(', ')})`);

      await runner.commitTransaction();
      summary = {
        seed,
        homeRegionCode,
        members: generator.counts.members,
        enterprises: generator.counts.enterprises,
        memberEnterprises: generator.counts.links,
        memberships: generator.counts.memberships,
        pastMemberships: generator.counts.pastMemberships,
        politicalRoles: generator.counts.politicalRoles,
        chambersCreated: network.created.length,
        chambersUsed: network.usable.length,
        terms: terms.length,
        positions,
        // One per member, enterprise and position, one more per appointed member, and the account's.
        auditEvents: generator.counts.members + generator.counts.enterprises + positions + appointees.length + (accountCreated ? 1 : 0),
        timings,
      };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    }

    // Statistics for the planner, as autovacuum would gather after a bulk load.
    const clock = performance.now();
    await db.query('ANALYZE member, enterprise, member_enterprise, chamber_membership, member_political_role, chamber, chamber_event, chamber_term, chamber_position');
    timings.analyze = performance.now() - clock;
  } finally {
    await runner.release();
  }
  timings.total = performance.now() - started;
  return summary;
}

/** Members in the database, and how many of them the scale seed made. */
export async function scaleDataState(dataSource: DataSource): Promise<{ members: number; scaleMembers: number; scaleChambers: number }> {
  const [row] = (await dataSource.query(
    `SELECT (SELECT count(*)::int FROM member) AS members,
            (SELECT count(*)::int FROM member WHERE source_note = $1) AS "scaleMembers",
            (SELECT count(DISTINCT chamber_id)::int FROM chamber_event WHERE type = 'FOUNDED' AND note = $2) AS "scaleChambers"`,
    [SCALE_SOURCE_NOTE, SCALE_CHAMBER_NOTE],
  )) as { members: number; scaleMembers: number; scaleChambers: number }[];
  return row;
}

/**
 * Deletes what the scale seed made, in one transaction: its members (with their enterprise
 * links, memberships, political roles and positions), the enterprises only they were linked
 * to, and the chambers it created (with their terms and FOUNDED events) unless something
 * else now refers to one of them (a member joined through the app, a user account, a child
 * chamber, a guild hall, later history): those are kept and counted.
 *
 * Plain SQL on purpose: this is the cleanup of a benchmark data set, not a write path. Nothing
 * is created or changed here, nothing is audited (the app has no member deletion to go
 * through), and the audit events of the seeded data stay (the audit table refuses DELETE).
 * The seed's account (SCALE_SEED_ACCOUNT) stays too, for the next run.
 */
export async function resetScaleData(dataSource: DataSource, log: (line: string) => void = () => undefined): Promise<ScaleResetSummary> {
  return dataSource.transaction(async (em) => {
    const count = async (sql: string, params: unknown[] = []) => {
      const started = performance.now();
      const rows = (await em.query(`WITH done AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM done`, params)) as { n: number }[];
      log(`${sql.replace(/\s+/g, ' ').slice(0, 60)}: ${rows[0].n} rows (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return rows[0].n;
    };
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:seed-scale']);
    await em.query('CREATE TEMP TABLE scale_member ON COMMIT DROP AS SELECT id FROM member WHERE source_note = $1', [SCALE_SOURCE_NOTE]);
    await em.query('ALTER TABLE scale_member ADD PRIMARY KEY (id)');
    await em.query(
      `CREATE TEMP TABLE scale_enterprise ON COMMIT DROP AS
       SELECT DISTINCT enterprise_id AS id FROM member_enterprise WHERE member_id IN (SELECT id FROM scale_member)`,
    );
    const positions = await count('DELETE FROM chamber_position WHERE member_id IN (SELECT id FROM scale_member)');
    // The rows that would cascade, in bulk first: far faster than one cascade per member.
    await count('DELETE FROM member_enterprise WHERE member_id IN (SELECT id FROM scale_member)');
    await count('DELETE FROM chamber_membership WHERE member_id IN (SELECT id FROM scale_member)');
    await count('DELETE FROM member_political_role WHERE member_id IN (SELECT id FROM scale_member)');
    const members = await count('DELETE FROM member WHERE id IN (SELECT id FROM scale_member)');
    const enterprises = await count(
      `DELETE FROM enterprise e WHERE e.id IN (SELECT id FROM scale_enterprise)
       AND NOT EXISTS (SELECT 1 FROM member_enterprise me WHERE me.enterprise_id = e.id)`,
    );

    const scaleChambers = (await em.query(
      `SELECT c.id, c.depth FROM chamber c
       WHERE EXISTS (SELECT 1 FROM chamber_event ev WHERE ev.chamber_id = c.id AND ev.type = 'FOUNDED' AND ev.note = $1)
       ORDER BY c.depth DESC`,
      [SCALE_CHAMBER_NOTE],
    )) as { id: string; depth: number }[];
    let chambers = 0;
    const depths = [...new Set(scaleChambers.map((c) => c.depth))];
    for (const depth of depths) {
      const ids = scaleChambers.filter((c) => c.depth === depth).map((c) => c.id);
      const free = (await em.query(
        `SELECT c.id FROM chamber c
         WHERE c.id = ANY($1::uuid[])
           AND NOT EXISTS (SELECT 1 FROM chamber x WHERE x.parent_id = c.id OR x.merged_into_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM chamber_membership m WHERE m.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM chamber_position p WHERE p.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM guild_hall g WHERE g.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM party_organization_chamber po WHERE po.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM party_organization_manager pm WHERE pm.chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM party_working_committee pw WHERE pw.host_chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM chamber_event ev WHERE ev.related_chamber_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM chamber_event ev WHERE ev.chamber_id = c.id AND (ev.type <> 'FOUNDED' OR ev.note IS DISTINCT FROM $2))`,
        [ids, SCALE_CHAMBER_NOTE],
      )) as { id: string }[];
      const doomed = free.map((c) => c.id);
      if (doomed.length === 0) continue;
      await em.query('DELETE FROM chamber_term WHERE chamber_id = ANY($1::uuid[])', [doomed]);
      await em.query('DELETE FROM chamber_event WHERE chamber_id = ANY($1::uuid[])', [doomed]);
      chambers += await count('DELETE FROM chamber WHERE id = ANY($1::uuid[])', [doomed]);
    }
    return { members, enterprises, positions, chambers, chambersKept: scaleChambers.length - chambers };
  });
}
