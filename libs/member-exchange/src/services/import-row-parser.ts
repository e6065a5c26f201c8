import { PositionType, SINGLE_HOLDER_POSITIONS } from '@crm/chamber';
import {
  creditCodeProblem,
  EnterpriseRole,
  normalizePersonName,
  Gender,
  idNumberCheckChar,
  idNumberProblem,
  MemberDesignation,
  normalizePhone,
  parseCreditCode,
  parseIdNumber,
  phoneProblem,
} from '@crm/member';
import { BIDI_CONTROLS, BilingualMessage, maskIdNumber, maskPhone } from '@crm/shared';
import {
  DESIGNATION_WORDS,
  ENTERPRISE_ROLE_WORDS,
  GENDER_WORDS,
  MEMBER_COLUMNS,
  MemberColumnKey,
  POSITION_WORDS,
  splitList,
  splitPhones,
  wordToEnum,
} from '../columns/member-columns';
import type { ImportRowError } from '../entities/member-import-row.entity';
import { EXCEL_NUMBER_HINT, ImportRowMessages as M, rowReasonZh } from '../exceptions/import.errors';
import { ImportReference } from './import-reference';

export interface ImportedMembership {
  chamberId: string;
  termId: string | null;
  /** Positions in the chamber's running term (副会长、理事: several are allowed). */
  positions?: PositionType[];
  joinedOn?: string;
}

export interface ImportedEnterprise {
  name: string;
  creditCode?: string;
  roles: EnterpriseRole[];
  industryCode?: string;
}

/** A good row, normalised: what commit writes. Only the cells the file filled are present. */
export interface ImportValues {
  name: string;
  gender?: Gender;
  birthDate?: string;
  idNumber?: string;
  phones?: string[];
  wechat?: string;
  email?: string;
  address?: string;
  hometownCode?: string;
  currentRegionCode?: string;
  memberships?: ImportedMembership[];
  enterprises?: ImportedEnterprise[];
  designations?: MemberDesignation[];
  tags?: string[];
  note?: string;
}

/** Stable reason codes of row errors (the report's 错误代码 column; clients may switch on them). */
export enum RowErrorReason {
  Required = 'REQUIRED',
  TooLong = 'TOO_LONG',
  TooShort = 'TOO_SHORT',
  ControlCharacters = 'CONTROL_CHARACTERS',
  Formula = 'FORMULA_NOT_ALLOWED',
  InvalidIdNumber = 'INVALID_ID_NUMBER',
  InvalidPhone = 'INVALID_PHONE',
  TooManyValues = 'TOO_MANY_VALUES',
  InvalidDate = 'INVALID_DATE',
  InvalidValue = 'INVALID_VALUE',
  InvalidEmail = 'INVALID_EMAIL',
  UnknownRegion = 'UNKNOWN_REGION',
  AmbiguousRegion = 'AMBIGUOUS_REGION',
  NotHomeCounty = 'NOT_HOME_COUNTY',
  UnknownChamber = 'UNKNOWN_CHAMBER',
  ChamberOutsideScope = 'CHAMBER_OUTSIDE_SCOPE',
  HometownOutsideScope = 'HOMETOWN_OUTSIDE_SCOPE',
  PositionNotAllowed = 'POSITION_NOT_ALLOWED',
  NoRunningTerm = 'NO_RUNNING_TERM',
  PositionTaken = 'POSITION_TAKEN',
  InvalidCreditCode = 'INVALID_CREDIT_CODE',
  UnknownIndustry = 'UNKNOWN_INDUSTRY',
  Mismatch = 'DOES_NOT_AGREE',
  DuplicateInFile = 'DUPLICATE_IN_FILE',
  IdNumberNameMismatch = 'ID_NUMBER_NAME_MISMATCH',
  IdNumberMismatch = 'ID_NUMBER_MISMATCH',
  AmbiguousMatch = 'AMBIGUOUS_MATCH',
  MemberOutsideScope = 'MEMBER_OUTSIDE_SCOPE',
  MemberMerged = 'MEMBER_MERGED',
  NotApplicable = 'NOT_APPLICABLE',
}

const CONTROL = new RegExp(String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F${BIDI_CONTROLS}]`);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * Items of one cell that belong to several chambers or enterprises (所属商会: A；B). Columns beside
 * them keep one slot per item, empty ones included (商会职务: ；副会长), so they are not dropped.
 */
const GROUP_SEPARATOR = /[;；]|\r?\n/;
const splitAligned = (raw: string | undefined): string[] => (raw && raw.trim() ? raw.split(GROUP_SEPARATOR).map((s) => s.trim()) : []);
/** Several values inside one slot (副会长、理事; 董事长、法定代表人). */
const splitSlot = (raw: string): string[] => raw.split(/[、,，/|]+|\s+/).map((s) => s.trim()).filter(Boolean);

const HEADER: Readonly<Record<MemberColumnKey, string>> = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c.key, c.header])) as Record<MemberColumnKey, string>;

const GENDER_ALIASES: Readonly<Record<string, Gender>> = { M: Gender.Male, F: Gender.Female, 男性: Gender.Male, 女性: Gender.Female };
const POSITION_ALIASES: Readonly<Record<string, PositionType>> = { 执行会长: PositionType.ExecutiveVicePresident, 常务理事: PositionType.Director };

/** A 15-digit ID number (issued before 1999) in its 18-digit form: century 19 and a check digit. */
export function upgradeIdNumber(raw: string): string {
  if (!/^\d{15}$/.test(raw)) return raw;
  const first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
  return first17 + idNumberCheckChar(first17);
}

/** Dates as spreadsheets hold them: 1975-03-08, 1975/3/8, 1975.3.8, 1975年3月8日, 19750308. */
export function parseLooseDate(raw: string): string | null {
  const v = raw.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) {
    // An Excel serial day number (the column lost its date format): 1 = 1900-01-01, with Excel's 1900 leap-year bug.
    if (/^\d{5}$/.test(v)) {
      const serial = Number(v);
      const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
      m = ['', String(date.getUTCFullYear()), String(date.getUTCMonth() + 1), String(date.getUTCDate())] as unknown as RegExpExecArray;
    } else {
      return null;
    }
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export type RowCells = Partial<Record<MemberColumnKey, string>>;

export interface ParsedRow {
  values: ImportValues | null;
  errors: ImportRowError[];
}

/**
 * Turns one row's cells into the values a member gets, with the rules createMember applies
 * (ID number check digit and its agreement with birth date and gender, phone normalisation,
 * regions, chambers, credit codes) plus the caller's scope. Every problem of the row is
 * reported, not only the first. Pure and synchronous: the reference data is loaded once.
 */
export class ImportRowParser {
  private readonly today = today();

  constructor(private readonly ref: ImportReference) {}

  parse(cells: RowCells, formulaKeys: ReadonlySet<MemberColumnKey>, headers: Readonly<Partial<Record<MemberColumnKey, string>>>): ParsedRow {
    const errors: ImportRowError[] = [];
    const fail: FailFn = (key, reason, message, value) => {
      // A message without a Chinese text of its own gets its reason's.
      const { message: en, messageZh } = typeof message === 'string' ? { message, messageZh: rowReasonZh(reason) } : message;
      errors.push({ column: key ? (headers[key] ?? HEADER[key]) : null, value: value === undefined ? (key ? shown(key, cells[key]) : null) : value, reason, message: en, messageZh });
    };
    const text = (key: MemberColumnKey, max: number, min = 1): string | undefined => {
      const raw = cells[key];
      if (!raw) return undefined;
      const value = raw.trim();
      if ([...value].length > max) return void fail(key, RowErrorReason.TooLong, M.TOO_LONG({ max }));
      if ([...value].length < min) return void fail(key, RowErrorReason.TooShort, M.TOO_SHORT({ min }));
      if (CONTROL.test(value)) return void fail(key, RowErrorReason.ControlCharacters, M.CONTROL_CHARACTERS());
      return value;
    };

    for (const key of formulaKeys) fail(key, RowErrorReason.Formula, M.FORMULA_CELL());
    for (const [key, raw] of Object.entries(cells) as [MemberColumnKey, string][]) {
      // A leading = would run as a formula when the file is opened again; no field begins with one.
      if (!formulaKeys.has(key) && raw.startsWith('=')) fail(key, RowErrorReason.Formula, M.FORMULA_TEXT());
    }
    if (errors.length) return { values: null, errors };

    const values: Partial<ImportValues> = {};
    // Name: 张 三 is 张三; a transliterated name keeps single spaces between words.
    const rawName = normalizePersonName(cells.name ?? '');
    if (!rawName) fail('name', RowErrorReason.Required, M.NAME_REQUIRED());
    else {
      cells.name = rawName;
      const name = text('name', 30, 2);
      if (name) values.name = name;
    }

    if (cells.gender) {
      const g = wordToEnum(GENDER_WORDS, cells.gender, GENDER_ALIASES);
      if (g) values.gender = g;
      else fail('gender', RowErrorReason.InvalidValue, M.GENDER_WORD());
    }
    if (cells.birthDate) {
      const d = parseLooseDate(cells.birthDate);
      if (!d) fail('birthDate', RowErrorReason.InvalidDate, M.BIRTH_DATE_NOT_A_DATE());
      else if (d > this.today || d < '1900-01-01') fail('birthDate', RowErrorReason.InvalidDate, M.BIRTH_DATE_RANGE());
      else values.birthDate = d;
    }
    if (cells.idNumber) {
      const raw = upgradeIdNumber(cells.idNumber.replace(/[\s\u3000]/g, '').toUpperCase());
      const parsed = parseIdNumber(raw, this.today);
      if (!parsed.ok) {
        const hint = /^\d+(\.\d+)?(E\+\d+)?$/i.test(cells.idNumber) && cells.idNumber.length !== 18 ? EXCEL_NUMBER_HINT : undefined;
        // Shown as typed: the number is not valid (no one's ID), and the uploader typed it.
        fail('idNumber', RowErrorReason.InvalidIdNumber, M.INVALID_ID_NUMBER({ problem: idNumberProblem(parsed.reason), hint }), cells.idNumber);
      } else {
        values.idNumber = parsed.value;
        const idGender = parsed.gender === 'MALE' ? Gender.Male : Gender.Female;
        if (values.birthDate && values.birthDate !== parsed.birthDate) fail('birthDate', RowErrorReason.Mismatch, M.DISAGREES_WITH_ID());
        if (values.gender && values.gender !== idGender) fail('gender', RowErrorReason.Mismatch, M.DISAGREES_WITH_ID());
        values.birthDate = parsed.birthDate;
        values.gender = idGender;
      }
    }
    if (cells.phones) {
      const phones: string[] = [];
      for (const p of splitPhones(cells.phones)) {
        const parsed = normalizePhone(p);
        // The bad number as typed (the valid ones of the cell stay masked): the uploader must find it.
        if (!parsed.ok) fail('phones', RowErrorReason.InvalidPhone, M.INVALID_PHONE({ phone: p, problem: phoneProblem(parsed.reason) }), p);
        else if (!phones.includes(parsed.value)) phones.push(parsed.value);
      }
      if (phones.length > 5) fail('phones', RowErrorReason.TooManyValues, M.TOO_MANY_PHONES());
      else if (phones.length) values.phones = phones;
    }
    values.wechat = text('wechat', 50);
    const email = text('email', 254);
    if (email !== undefined) {
      if (EMAIL.test(email)) values.email = email.toLowerCase();
      else fail('email', RowErrorReason.InvalidEmail, M.INVALID_EMAIL());
    }
    values.address = text('address', 200);
    values.note = text('note', 1000);

    this.parseHometown(cells, values, fail);
    if (cells.currentRegion) {
      const found = this.ref.regions(cells.currentRegion);
      if (found.length === 1) values.currentRegionCode = found[0].code;
      else if (found.length > 1) fail('currentRegion', RowErrorReason.AmbiguousRegion, M.AMBIGUOUS_REGION({ count: found.length }));
      else fail('currentRegion', RowErrorReason.UnknownRegion, M.UNKNOWN_REGION());
    }
    this.parseMemberships(cells, values, fail);
    if (!errors.length) this.checkScope(values, fail);
    this.parseEnterprises(cells, values, fail);
    if (cells.designations) {
      const designations: MemberDesignation[] = [];
      for (const word of splitList(cells.designations)) {
        const d = wordToEnum(DESIGNATION_WORDS, word);
        if (!d) fail('designations', RowErrorReason.InvalidValue, M.UNKNOWN_DESIGNATION({ word }));
        else if (!designations.includes(d)) designations.push(d);
      }
      if (designations.length) values.designations = designations;
    }
    if (cells.tags) {
      const tags = [...new Set(splitList(cells.tags))];
      if (tags.length > 20) fail('tags', RowErrorReason.TooManyValues, M.TOO_MANY_TAGS());
      else if (tags.some((t) => [...t].length > 20)) fail('tags', RowErrorReason.TooLong, M.TAG_TOO_LONG());
      else if (tags.some((t) => CONTROL.test(t))) fail('tags', RowErrorReason.ControlCharacters, M.CONTROL_CHARACTERS());
      else values.tags = tags;
    }

    if (errors.length) return { values: null, errors };
    for (const key of Object.keys(values) as (keyof ImportValues)[]) if (values[key] === undefined) delete values[key];
    return { values: values as ImportValues, errors };
  }

  private parseHometown(cells: RowCells, values: Partial<ImportValues>, fail: FailFn): void {
    if (cells.hometown) {
      const code = this.ref.homeCounty(cells.hometown);
      if (!code) {
        fail('hometown', RowErrorReason.NotHomeCounty, M.NOT_HOME_COUNTY());
        return;
      }
      values.hometownCode = code;
    } else {
      // A county office's rows without 籍贯 are of its county (the member rule's defaults).
      values.hometownCode = this.ref.scopeDefaults.hometownCode ?? undefined;
    }
  }

  /**
   * The member a row describes must be one the caller may keep: the member rule registered with
   * the access service, applied to the row's hometown and chambers (as createMember applies it).
   */
  private checkScope(values: Partial<ImportValues>, fail: FailFn): void {
    const chambers = (values.memberships ?? []).map((m) => this.ref.chamberById(m.chamberId)).filter((c): c is NonNullable<typeof c> => !!c);
    const refusal = this.ref.memberRefusal({ hometownCode: values.hometownCode ?? null, chambers });
    if (!refusal) return;
    const message = refusal.messageZh ? { message: refusal.message, messageZh: refusal.messageZh } : refusal.message;
    if (refusal.field === 'hometownCode') fail('hometown', RowErrorReason.HometownOutsideScope, message);
    else fail('chamber', RowErrorReason.ChamberOutsideScope, message);
  }

  private parseMemberships(cells: RowCells, values: Partial<ImportValues>, fail: FailFn): void {
    const names = splitAligned(cells.chamber);
    const positionSlots = splitAligned(cells.position);
    const dateSlots = splitAligned(cells.joinedOn);
    const dates: (string | undefined)[] = dateSlots.map((raw) => {
      if (!raw) return undefined;
      const d = parseLooseDate(raw);
      if (!d || d > this.today) fail('joinedOn', RowErrorReason.InvalidDate, M.JOINED_ON_INVALID({ raw }), raw);
      return d ?? undefined;
    });
    const chambers = names.map((n) => {
      if (!n) {
        fail('chamber', RowErrorReason.Required, M.EMPTY_CHAMBER_SLOT());
        return undefined;
      }
      const c = this.ref.chamberByName(n);
      if (!c) fail('chamber', RowErrorReason.UnknownChamber, M.UNKNOWN_CHAMBER({ name: n }), n);
      else if (!this.ref.mayUseChamber(c)) fail('chamber', RowErrorReason.ChamberOutsideScope, M.CHAMBER_OUTSIDE_SCOPE({ name: n }), n);
      return c;
    });
    if (!names.length) {
      // A secretariat's rows without 所属商会 join its own chamber (the member rule's defaults).
      for (const c of this.ref.scopeDefaults.chambers ?? []) {
        const own = this.ref.chamberById(c.id);
        if (own) chambers.push(own);
      }
    }
    if (!chambers.length) {
      if (positionSlots.some(Boolean)) fail('position', RowErrorReason.NotApplicable, M.POSITION_NEEDS_CHAMBER());
      if (dateSlots.some(Boolean)) fail('joinedOn', RowErrorReason.NotApplicable, M.JOINED_ON_NEEDS_CHAMBER());
      return;
    }
    if (positionSlots.length > chambers.length) fail('position', RowErrorReason.TooManyValues, M.TOO_MANY_POSITION_SLOTS());
    if (dateSlots.length > chambers.length) fail('joinedOn', RowErrorReason.TooManyValues, M.TOO_MANY_DATES());
    if (chambers.some((c) => !c)) return;
    const memberships: ImportedMembership[] = [];
    for (const [i, chamber] of (chambers as NonNullable<(typeof chambers)[number]>[]).entries()) {
      if (memberships.some((m) => m.chamberId === chamber.id)) {
        fail('chamber', RowErrorReason.DuplicateInFile, M.NAMED_TWICE({ what: chamber.name }), chamber.name);
        continue;
      }
      const membership: ImportedMembership = { chamberId: chamber.id, termId: chamber.termId };
      // One date for several chambers applies to each.
      const joinedOn = dateSlots.length === 1 ? dates[0] : dates[i];
      if (joinedOn) membership.joinedOn = joinedOn;
      const positions: PositionType[] = [];
      for (const word of splitSlot(positionSlots[i] ?? '')) {
        if (word === '会员' || word === '无') continue;
        const position = wordToEnum(POSITION_WORDS, word, POSITION_ALIASES);
        if (!position) fail('position', RowErrorReason.InvalidValue, M.UNKNOWN_POSITION({ word }), word);
        else if (!this.ref.mayRecordPositions(chamber)) fail('position', RowErrorReason.PositionNotAllowed, M.POSITIONS_BY_SECRETARIAT({ chamber: chamber.name }), word);
        else if (!chamber.termId) fail('position', RowErrorReason.NoRunningTerm, M.NO_RUNNING_TERM({ chamber: chamber.name }), word);
        else if (!positions.includes(position)) positions.push(position);
      }
      if (positions.length) membership.positions = positions;
      memberships.push(membership);
    }
    values.memberships = memberships;
  }

  private parseEnterprises(cells: RowCells, values: Partial<ImportValues>, fail: FailFn): void {
    const names = splitAligned(cells.enterpriseName);
    const codes = splitAligned(cells.creditCode);
    const roleGroups = splitAligned(cells.enterpriseRoles);
    const industries = splitAligned(cells.industry);
    if (!names.length) {
      for (const key of ['creditCode', 'enterpriseRoles', 'industry'] as const) if (cells[key]) fail(key, RowErrorReason.NotApplicable, M.ENTERPRISE_FIELD_NEEDS_NAME());
      return;
    }
    if (codes.length > names.length) fail('creditCode', RowErrorReason.TooManyValues, M.TOO_MANY_CREDIT_CODES());
    if (roleGroups.length > names.length) fail('enterpriseRoles', RowErrorReason.TooManyValues, M.TOO_MANY_ROLE_GROUPS());
    const enterprises: ImportedEnterprise[] = [];
    for (const [i, name] of names.entries()) {
      if ([...name].length < 2 || [...name].length > 100) {
        fail('enterpriseName', RowErrorReason.TooLong, M.ENTERPRISE_NAME_LENGTH({ name }), name);
        continue;
      }
      const enterprise: ImportedEnterprise = { name, roles: [] };
      const code = codes[i];
      if (code) {
        const parsed = parseCreditCode(code);
        if (!parsed.ok) fail('creditCode', RowErrorReason.InvalidCreditCode, M.INVALID_CREDIT_CODE({ code, problem: creditCodeProblem(parsed.reason) }), code);
        else if (enterprises.some((e) => e.creditCode === parsed.value)) fail('creditCode', RowErrorReason.DuplicateInFile, M.NAMED_TWICE({ what: code }), code);
        else enterprise.creditCode = parsed.value;
      }
      // One role group for several enterprises applies to all of them.
      const roleWords = splitSlot(roleGroups.length === 1 ? roleGroups[0] : (roleGroups[i] ?? ''));
      for (const word of roleWords) {
        const role = wordToEnum(ENTERPRISE_ROLE_WORDS, word, { 法人: EnterpriseRole.LegalRepresentative, 法人代表: EnterpriseRole.LegalRepresentative, 总裁: EnterpriseRole.GeneralManager });
        if (!role) fail('enterpriseRoles', RowErrorReason.InvalidValue, M.UNKNOWN_ENTERPRISE_ROLE({ word }), word);
        else if (!enterprise.roles.includes(role)) enterprise.roles.push(role);
      }
      if (!roleWords.length) fail('enterpriseRoles', RowErrorReason.Required, M.ENTERPRISE_ROLE_REQUIRED({ name }), '');
      const industryText = industries.length === 1 ? industries[0] : industries[i];
      if (industryText) {
        const industry = this.ref.industry(industryText);
        if (!industry) fail('industry', RowErrorReason.UnknownIndustry, M.UNKNOWN_INDUSTRY({ text: industryText }), industryText);
        else enterprise.industryCode = industry;
      }
      enterprises.push(enterprise);
    }
    values.enterprises = enterprises;
  }
}

/** Records a problem of the row: a catalogue message (both languages), or plain English from elsewhere. */
type FailFn = (key: MemberColumnKey | null, reason: RowErrorReason, message: string | BilingualMessage, value?: string) => void;

/** The cell as the report shows it: personal data masked like the API masks it. */
function shown(key: MemberColumnKey, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (key === 'idNumber') return maskIdNumber(raw.trim()) ?? raw;
  if (key === 'phones') return splitPhones(raw).map((p) => maskPhone(p) ?? p).join('，');
  return raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
}

export interface RowIdentity {
  name: string;
  idNumber?: string;
  phones: string[];
}

/** Who a row is about, read from the raw cells whether or not the row is valid (in-file duplicates). */
export function identityOf(cells: RowCells): RowIdentity {
  const name = normalizePersonName(cells.name ?? '');
  const id = cells.idNumber ? parseIdNumber(upgradeIdNumber(cells.idNumber.replace(/[\s\u3000]/g, '').toUpperCase())) : null;
  const phones: string[] = [];
  for (const p of cells.phones ? splitPhones(cells.phones) : []) {
    const parsed = normalizePhone(p);
    if (parsed.ok && !phones.includes(parsed.value)) phones.push(parsed.value);
  }
  return { name, idNumber: id?.ok ? id.value : undefined, phones };
}

/** Whether a single-holder position is one a term has at most one of. */
export const isSingleHolder = (p: PositionType) => SINGLE_HOLDER_POSITIONS.includes(p);
