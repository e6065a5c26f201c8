import { PositionType } from '@crm/chamber';
import { EnterpriseRole, industryOf, MemberValues } from '@crm/member';
import { maskIdNumber, maskPhone } from '@crm/shared';
import {
  DESIGNATION_WORDS,
  ENTERPRISE_ROLE_WORDS,
  EXPORT_ONLY_COLUMNS,
  ExportOnlyColumnKey,
  GENDER_WORDS,
  LIST_JOINER,
  MEMBER_COLUMNS,
  MemberColumn,
  MemberColumnKey,
  POSITION_WORDS,
  STATUS_WORDS,
} from '../columns/member-columns';

/**
 * One member as the export's batch statement reads it (raw SQL, no entity hydration): the
 * member's stored values as the member library defines them (birth date as YYYY-MM-DD), less
 * provenance, with its id and completeness.
 */
export type ExportMember = Omit<MemberValues, 'source' | 'sourceNote'> & { id: string; completeness: number };

/** A current membership, with the positions the member holds in the chamber's running term. */
export interface ExportMembership {
  chamberName: string;
  /** YYYY-MM-DD */
  joinedOn: string | null;
  positions: PositionType[];
}

export interface ExportEnterprise {
  name: string;
  creditCode: string | null;
  industryCode: string | null;
  roles: EnterpriseRole[];
}

/** What a cell needs beyond the member's own row. */
export interface ExportRowContext {
  /** True for callers without PERSONAL_DATA_READ: ID number and phones masked, birth date empty. */
  masked: boolean;
  /** 籍贯 as a county name (瑞安市); the code when the region is unknown. */
  hometownName(code: string): string;
  /** 现居地 as the full name path (浙江省杭州市西湖区); the code when the region is unknown. */
  regionPath(code: string): string;
}

export type { ExportCell } from '@crm/exchange';
import type { ExportCell } from '@crm/exchange';
export type ExportColumnKey = MemberColumnKey | ExportOnlyColumnKey;

/** The export's columns: the import's, in template order, then the export-only ones. */
export const EXPORT_COLUMNS: readonly MemberColumn<ExportColumnKey>[] = [...MEMBER_COLUMNS, ...EXPORT_ONLY_COLUMNS];

/** Column widths for .xlsx, in characters (Excel's unit); 12 for the rest. */
const WIDTHS: Partial<Record<ExportColumnKey, number>> = {
  name: 12,
  gender: 6,
  birthDate: 12,
  idNumber: 21,
  phones: 16,
  email: 22,
  address: 30,
  hometown: 10,
  currentRegion: 22,
  chamber: 28,
  position: 14,
  enterpriseName: 28,
  creditCode: 21,
  enterpriseRoles: 16,
  tags: 16,
  note: 30,
  memberId: 38,
  status: 6,
  completeness: 7,
};

export const EXPORT_HEADERS: readonly string[] = EXPORT_COLUMNS.map((c) => c.header);
export const EXPORT_TEXT_COLUMNS: readonly number[] = EXPORT_COLUMNS.flatMap((c, i) => (c.text ? [i] : []));
export const EXPORT_COLUMN_WIDTHS: readonly number[] = EXPORT_COLUMNS.map((c) => WIDTHS[c.key] ?? 12);

/** Several values in one cell, as the import splits them. */
const list = (values: readonly string[]): string => values.join(LIST_JOINER);

/**
 * Values that stand beside another column's list (positions beside chambers, credit codes beside
 * enterprise names): one slot per item, empty slots kept so the n-th value stays with the n-th
 * item; nothing at all when every slot is empty.
 */
const aligned = (values: readonly string[]): string => (values.some((v) => v !== '') ? values.join(LIST_JOINER) : '');

/** GB/T 4754 as the import reads it: the section (C) or section and division (C13). */
function industryCell(code: string | null): string {
  if (!code) return '';
  const found = industryOf(code);
  if (!found) return code;
  return found.division ? `${found.section.code}${found.division.code}` : found.section.code;
}

type CellOf = (m: ExportMember, ms: readonly ExportMembership[], es: readonly ExportEnterprise[], ctx: ExportRowContext) => ExportCell;

const CELLS: Readonly<Record<ExportColumnKey, CellOf>> = {
  name: (m) => m.name,
  gender: (m) => (m.gender ? GENDER_WORDS[m.gender] : null),
  // The full birth date is personal data (with the hometown it gives a masked ID number back).
  birthDate: (m, _ms, _es, ctx) => (ctx.masked ? null : m.birthDate),
  idNumber: (m, _ms, _es, ctx) => (ctx.masked ? maskIdNumber(m.idNumber) : m.idNumber),
  phones: (m, _ms, _es, ctx) => list(ctx.masked ? m.phones.map((p) => maskPhone(p) ?? '') : m.phones),
  wechat: (m) => m.wechat,
  email: (m) => m.email,
  address: (m) => m.address,
  hometown: (m, _ms, _es, ctx) => (m.hometownCode ? ctx.hometownName(m.hometownCode) : null),
  currentRegion: (m, _ms, _es, ctx) => (m.currentRegionCode ? ctx.regionPath(m.currentRegionCode) : null),
  chamber: (_m, ms) => list(ms.map((x) => x.chamberName)),
  position: (_m, ms) => aligned(ms.map((x) => x.positions.map((p) => POSITION_WORDS[p]).join('、'))),
  joinedOn: (_m, ms) => aligned(ms.map((x) => x.joinedOn ?? '')),
  enterpriseName: (_m, _ms, es) => list(es.map((e) => e.name)),
  creditCode: (_m, _ms, es) => aligned(es.map((e) => e.creditCode ?? '')),
  enterpriseRoles: (_m, _ms, es) => aligned(es.map((e) => e.roles.map((r) => ENTERPRISE_ROLE_WORDS[r]).join('、'))),
  industry: (_m, _ms, es) => aligned(es.map((e) => industryCell(e.industryCode))),
  designations: (m) => list(m.designations.map((d) => DESIGNATION_WORDS[d])),
  tags: (m) => list(m.tags),
  note: (m) => m.note,
  memberId: (m) => m.id,
  status: (m) => STATUS_WORDS[m.status],
  completeness: (m) => m.completeness,
};

const CELLS_IN_ORDER: readonly CellOf[] = EXPORT_COLUMNS.map((c) => CELLS[c.key]);

/**
 * One spreadsheet row, in EXPORT_COLUMNS order, written so the import reads it back: enum values
 * as their zh-CN words, dates YYYY-MM-DD, several chambers or enterprises joined with LIST_JOINER
 * and the columns beside them aligned slot by slot, an enterprise's roles joined with 、.
 * Personal data is masked exactly as the API masks it (PersonalDataService) when `ctx.masked`.
 * Formula-like text is the table writer's to neutralise.
 */
export function memberExportRow(
  member: ExportMember,
  memberships: readonly ExportMembership[],
  enterprises: readonly ExportEnterprise[],
  ctx: ExportRowContext,
): ExportCell[] {
  return CELLS_IN_ORDER.map((cell) => cell(member, memberships, enterprises, ctx));
}
