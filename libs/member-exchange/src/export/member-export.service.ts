import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Response } from 'express';
import { QueryRunner } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { PositionType } from '@crm/chamber';
import { FilteredMemberQuery, MemberFilterInput, MemberQueryService, MemberSort, PersonalDataService } from '@crm/member';
import { RegionService } from '@crm/region';
import { ExportAborted, ExportBatch, exportStamp, TableExporter } from '@crm/exchange';
import { maskIdNumber, maskPhone } from '@crm/shared';
import { EXPORT_COLUMN_WIDTHS, EXPORT_HEADERS, EXPORT_TEXT_COLUMNS, ExportEnterprise, ExportMember, ExportMembership, memberExportRow } from './member-export-row';
import { ExportFormat, MemberExportInput } from './member-export.input';
import { DEFAULT_MEMBER_EXPORT_OPTIONS, MEMBER_EXPORT_OPTIONS, MemberExportOptions } from './member-export.options';
import { RegionNames } from './region-names';

/** One keyset batch, ready to write; `last`: the sort-key values of its last member (PostgreSQL text). */
export type { ExportBatch };

/** The member columns the batch statement reads, as SQL over `m` and the row property they fill. */
const MEMBER_SELECT: readonly (readonly [string, keyof ExportMember])[] = [
  ['m.id', 'id'],
  ['m.name', 'name'],
  ['m.gender::text', 'gender'],
  [`to_char(m.birth_date, 'YYYY-MM-DD')`, 'birthDate'],
  ['m.id_number', 'idNumber'],
  ['m.phones::text[]', 'phones'],
  ['m.wechat', 'wechat'],
  ['m.email', 'email'],
  ['m.address', 'address'],
  ['m.hometown_code', 'hometownCode'],
  ['m.current_region_code', 'currentRegionCode'],
  ['m.designations::text[]', 'designations'],
  ['m.tags::text[]', 'tags'],
  ['m.note', 'note'],
  ['m.status::text', 'status'],
  ['m.completeness::int', 'completeness'],
];

// The related rows of a batch: one statement each, whatever the batch size. Each walks the batch's
// ids (in batch order) and looks their rows up by index, one member at a time (LATERAL … OFFSET 0
// keeps the planner from turning it into a hash join, which scans the whole enterprise table
// per batch); the member heap walk in list order already evicts these tables from shared
// buffers, so a scan is never the cheaper plan here. Rows come in the API's order: current
// memberships latest first, positions 会长 first (enum order), enterprises in the member's order.
const MEMBERSHIPS_SQL = `
  SELECT b.id AS "memberId", x."chamberId", x."chamberName", x."ancestorIds", x."joinedOn"
  FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, ord)
  CROSS JOIN LATERAL (
    SELECT c.id AS "chamberId", c.name AS "chamberName", c.ancestor_ids::text[] AS "ancestorIds",
           to_char(cm.joined_on, 'YYYY-MM-DD') AS "joinedOn", cm.joined_on, cm.id
    FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id
    WHERE cm.member_id = b.id AND cm.left_on IS NULL
    OFFSET 0
  ) x
  ORDER BY b.ord, x.joined_on DESC NULLS LAST, x.id`;

/** Positions held now: in the chamber's running term (no end), not ended early. */
const POSITIONS_SQL = `
  SELECT b.id AS "memberId", x."chamberId", x."position"
  FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, ord)
  CROSS JOIN LATERAL (
    SELECT p.chamber_id AS "chamberId", p.position::text AS "position", p.position AS rank, p.id
    FROM chamber_position p JOIN chamber_term t ON t.id = p.term_id
    WHERE p.member_id = b.id AND t.ends_on IS NULL AND (p.ends_on IS NULL OR p.ends_on > CURRENT_DATE)
    OFFSET 0
  ) x
  ORDER BY b.ord, x.rank, x.id`;

const ENTERPRISES_SQL = `
  SELECT b.id AS "memberId", x.name, x."creditCode", x."industryCode", x.roles
  FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, ord)
  CROSS JOIN LATERAL (
    SELECT e.name, e.credit_code AS "creditCode", e.industry_code AS "industryCode", l.roles::text[] AS roles, l.sort_order, l.id
    FROM member_enterprise l JOIN enterprise e ON e.id = l.enterprise_id
    WHERE l.member_id = b.id
    OFFSET 0
  ) x
  ORDER BY b.ord, x.sort_order, x.id`;

export { exportStamp };

/** The download's names, ASCII and Chinese: member-export-….csv / 会员导出-….csv. */
export function exportFileNames(format: ExportFormat, at: Date): { ascii: string; zh: string } {
  const stamp = exportStamp(at);
  return { ascii: `member-export-${stamp}.${format}`, zh: `会员导出-${stamp}.${format}` };
}

/** The filter as the audit trail keeps it: a searched ID number or phone masked like any personal data. */
function auditedFilter(filter: MemberFilterInput | null | undefined): Record<string, unknown> | null {
  if (!filter) return null;
  const copy: Record<string, unknown> = { ...filter };
  if (filter.politicalRole) copy.politicalRole = { ...filter.politicalRole };
  if (filter.idNumber) copy.idNumber = maskIdNumber(filter.idNumber);
  if (filter.phone) copy.phone = maskPhone(filter.phone);
  return copy;
}

/**
 * Streams the members `members(filter, sort)` lists for the caller into a .csv or .xlsx
 * download (docs/member-exchange.md, "Export"): the member kind's source for the shared
 * TableExporter (@crm/exchange), which reads everything on one connection in one REPEATABLE
 * READ, READ ONLY transaction, audits before the first byte and reads the next batch while the
 * current one is written. Batches are keyset pages of `batchSize` over the list's own sort
 * keys; each costs four statements (members; current memberships; running-term positions;
 * enterprises), read as plain rows without entity hydration.
 */
@Injectable()
export class MemberExportService {
  readonly options: MemberExportOptions;

  constructor(
    private readonly exporter: TableExporter,
    private readonly query: MemberQueryService,
    private readonly personal: PersonalDataService,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    @Optional() @Inject(MEMBER_EXPORT_OPTIONS) options?: Partial<MemberExportOptions>,
  ) {
    this.options = { ...DEFAULT_MEMBER_EXPORT_OPTIONS, ...options };
  }

  /**
   * Writes the export to `res`. Errors before the first byte are thrown (the exception filter
   * answers them as JSON); an error after it is thrown too, and the filter destroys the connection
   * so the client sees a broken download, never a short file. A client that goes away stops the
   * reads after the batch in flight.
   */
  async export(caller: Caller, input: MemberExportInput, res: Response): Promise<void> {
    const sort = input.sort ?? MemberSort.Name;
    const plan = await this.query.filteredQuery(caller, input.filter, sort);
    const masked = this.personal.masked(caller);
    const regionNames = new RegionNames(this.regions);
    await this.exporter.export<string[]>(
      {
        label: 'member',
        format: input.format,
        sheetName: '会员',
        headers: EXPORT_HEADERS,
        textColumns: EXPORT_TEXT_COLUMNS,
        columnWidths: EXPORT_COLUMN_WIDTHS,
        fileNames: (at) => exportFileNames(input.format, at),
        count: (runner) => this.count(runner, plan),
        // One event per export: a searched ID number or phone masked in its filter.
        auditEvent: (rowCount) => ({
          operation: 'member.export',
          entityType: 'Member',
          metadata: { format: input.format, filter: auditedFilter(input.filter), sort, rowCount, personalData: masked ? 'MASKED' : 'CLEAR' },
        }),
        // Looked up on `this` at each batch (tests watch fetchBatch).
        fetch: (runner, after, limit, signal) => this.fetchBatch(runner, plan, after, limit, { caller, masked, regionNames, signal }),
      },
      res,
      this.options,
    );
  }

  private async count(runner: QueryRunner, plan: FilteredMemberQuery): Promise<number> {
    const [sql, params] = plan.qb.clone().select('count(*)::int', 'n').getQueryAndParameters();
    const [row] = (await runner.query(sql, params)) as { n: number }[];
    return row?.n ?? 0;
  }

  /**
   * One keyset batch: the members after `after` in the list's order, their related rows (three
   * statements for the whole batch), mapped to spreadsheet rows.
   */
  async fetchBatch(
    runner: QueryRunner,
    plan: FilteredMemberQuery,
    after: string[] | null,
    limit: number,
    ctx: { caller: Caller; masked: boolean; regionNames: RegionNames; signal: AbortSignal },
  ): Promise<ExportBatch> {
    const { keys, direction } = plan.keyset;
    const page = plan.qb.clone();
    MEMBER_SELECT.forEach(([expr, alias], i) => (i === 0 ? page.select(expr, alias) : page.addSelect(expr, alias)));
    keys.forEach((expr, i) => page.addSelect(`(${expr})::text`, `__k${i}`));
    if (after) {
      const params: Record<string, string> = {};
      const placeholders = after.map((v, i) => {
        params[`__after${i}`] = v;
        return `:__after${i}`;
      });
      page.andWhere(`(${keys.join(', ')}) ${direction === 'DESC' ? '<' : '>'} (${placeholders.join(', ')})`, params);
    }
    keys.forEach((expr, i) => (i === 0 ? page.orderBy(expr, direction) : page.addOrderBy(expr, direction)));
    page.limit(limit);
    const [sql, params] = page.getQueryAndParameters();
    const raw = (await runner.query(sql, params)) as (ExportMember & Record<string, unknown>)[];
    if (!raw.length) return { rows: [], last: null };
    if (ctx.signal.aborted) throw new ExportAborted();

    const ids = raw.map((m) => m.id);
    // One after the other (pg does not take a second query while one runs). The writer yields to
    // the event loop every few rows, so the next statement goes out as soon as one answers.
    const memberships = (await runner.query(MEMBERSHIPS_SQL, [ids])) as { memberId: string; chamberId: string; chamberName: string; ancestorIds: string[]; joinedOn: string | null }[];
    const positions = (await runner.query(POSITIONS_SQL, [ids])) as { memberId: string; chamberId: string; position: PositionType }[];
    const enterprises = (await runner.query(ENTERPRISES_SQL, [ids])) as ({ memberId: string } & ExportEnterprise)[];

    const positionsOf = new Map<string, PositionType[]>();
    for (const p of positions) {
      const key = `${p.memberId}|${p.chamberId}`;
      const list = positionsOf.get(key);
      if (list) list.push(p.position);
      else positionsOf.set(key, [p.position]);
    }
    const membershipsOf = new Map<string, ExportMembership[]>();
    for (const cm of memberships) {
      // A secretary sees only its subtree's chambers, as Member.memberships.chamber shows them.
      if (!this.access.admits('Chamber', 'read', ctx.caller, { id: cm.chamberId, ancestorIds: cm.ancestorIds })) continue;
      const item: ExportMembership = { chamberName: cm.chamberName, joinedOn: cm.joinedOn, positions: positionsOf.get(`${cm.memberId}|${cm.chamberId}`) ?? [] };
      const list = membershipsOf.get(cm.memberId);
      if (list) list.push(item);
      else membershipsOf.set(cm.memberId, [item]);
    }
    const enterprisesOf = new Map<string, ExportEnterprise[]>();
    for (const e of enterprises) {
      const list = enterprisesOf.get(e.memberId);
      if (list) list.push(e);
      else enterprisesOf.set(e.memberId, [e]);
    }

    const codes: string[] = [];
    for (const m of raw) {
      if (m.hometownCode) codes.push(m.hometownCode);
      if (m.currentRegionCode) codes.push(m.currentRegionCode);
    }
    await ctx.regionNames.prepare(codes);
    const rowCtx = {
      masked: ctx.masked,
      hometownName: (code: string) => ctx.regionNames.name(code),
      regionPath: (code: string) => ctx.regionNames.path(code),
    };
    const rows = raw.map((m) => memberExportRow(m, membershipsOf.get(m.id) ?? [], enterprisesOf.get(m.id) ?? [], rowCtx));
    const lastRaw = raw[raw.length - 1] as Record<string, unknown>;
    return { rows, last: keys.map((_, i) => lastRaw[`__k${i}`] as string) };
  }
}
