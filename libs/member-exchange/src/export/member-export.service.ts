import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { PositionType } from '@crm/chamber';
import { FilteredMemberQuery, MemberFilterInput, MemberQueryService, MemberSort, PersonalDataService } from '@crm/member';
import { RegionService } from '@crm/region';
import { maskIdNumber, maskPhone, TooManyRequestsError } from '@crm/shared';
import { createTableWriter, TableWriter } from '@crm/spreadsheet';
import { attachmentDisposition, SPREADSHEET_CONTENT_TYPES } from '../utils/download';
import { EXPORT_COLUMN_WIDTHS, EXPORT_HEADERS, EXPORT_TEXT_COLUMNS, ExportCell, ExportEnterprise, ExportMember, ExportMembership, memberExportRow } from './member-export-row';
import { ExportFormat, MemberExportInput } from './member-export.input';
import { DEFAULT_MEMBER_EXPORT_OPTIONS, MEMBER_EXPORT_OPTIONS, MemberExportOptions } from './member-export.options';
import { RegionNames } from './region-names';

/** One keyset batch, ready to write. */
export interface ExportBatch {
  rows: ExportCell[][];
  /** The sort-key values of the batch's last member (PostgreSQL text), where the next batch starts. */
  last: string[] | null;
}

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

/** Thrown inside an export when the client went away; ends it quietly. */
class ExportAborted extends Error {
  constructor() {
    super('The client closed the connection');
  }
}

/**
 * What one export run shares between its reading and its writing: whether the client went away
 * (the response closed before it finished, and not because the export itself broke it), and the
 * batch read in flight, which must settle before the connection goes back to the pool.
 */
class ExportSession {
  private readonly controller = new AbortController();
  /** Set when the export breaks the response itself (a failed batch): that close is not the client's. */
  failing = false;
  inflight: Promise<unknown> | null = null;

  constructor(private readonly res: Response) {
    res.on('close', this.onClose);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private readonly onClose = (): void => {
    if (!this.res.writableFinished && !this.failing) this.controller.abort();
  };

  /**
   * `work`, or ExportAborted as soon as the client goes away (a write waiting for a 'drain' that a
   * closed socket never sends must not hang the export); `work` is still observed. Not
   * Promise.race against one long-lived promise: each race would leave a reaction on it holding
   * the race's result — every batch — until the export ends.
   */
  unlessGone<T>(work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    const signal = this.signal;
    if (signal.aborted) return Promise.reject(new ExportAborted());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new ExportAborted());
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Whether `error` only says that the client went away. */
  clientGone(error: unknown): boolean {
    return error instanceof ExportAborted || (this.signal.aborted && !this.failing);
  }

  end(): void {
    this.res.off('close', this.onClose);
  }
}

/** RFC 5987 `ext-value` characters: encodeURIComponent leaves ' ( ) * unescaped, which it must not. */
/** YYYYMMDD-HHmm in the offices' time zone (China has one, and no daylight saving). */
export function exportStamp(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}`;
}

/** `attachment; filename="member-export-….csv"; filename*=UTF-8''会员导出-….csv` (RFC 6266 / 5987). */
export function exportDisposition(format: ExportFormat, at: Date): string {
  const stamp = exportStamp(at);
  return attachmentDisposition(`member-export-${stamp}.${format}`, `会员导出-${stamp}.${format}`);
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
 * download (docs/member-exchange.md, "Export").
 *
 * Everything is read on one connection in one REPEATABLE READ, READ ONLY transaction: the count
 * that goes into the audit event and every batch see the same snapshot, so the file holds exactly
 * the rows the audit says. Batches are keyset pages of `batchSize` over the list's own sort keys;
 * each costs four statements (members; current memberships; running-term positions; enterprises),
 * read as plain rows without entity hydration. The next batch is read while the current one is
 * written. The audit event is written (and committed) before the first byte of the file.
 */
@Injectable()
export class MemberExportService {
  private readonly logger = new Logger(MemberExportService.name);
  readonly options: MemberExportOptions;
  private running = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly query: MemberQueryService,
    private readonly personal: PersonalDataService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
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
    if (this.running >= this.options.maxConcurrent) {
      throw new TooManyRequestsError('Other exports are running; try again in a minute', 60);
    }
    this.running += 1;
    try {
      await this.run(caller, input, res);
    } finally {
      this.running -= 1;
    }
  }

  private async run(caller: Caller, input: MemberExportInput, res: Response): Promise<void> {
    const sort = input.sort ?? MemberSort.Name;
    const plan = await this.query.filteredQuery(caller, input.filter, sort);
    const masked = this.personal.masked(caller);
    const session = new ExportSession(res);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      // One long sequential reader: parallel workers would take the cores the API and this
      // process's own writing need, for no gain on batches of index lookups.
      await runner.query('SET LOCAL max_parallel_workers_per_gather = 0');
      const rowCount = await this.count(runner, plan);
      // One event per export, committed before the first byte: no file without its trail.
      await this.audit.recordAlone({
        operation: 'member.export',
        entityType: 'Member',
        metadata: { format: input.format, filter: auditedFilter(input.filter), sort, rowCount, personalData: masked ? 'MASKED' : 'CLEAR' },
      });
      const written = await this.stream(runner, plan, { caller, masked, format: input.format }, res, session);
      if (written !== rowCount) this.logger.warn(`Member export wrote ${written} rows, counted ${rowCount}`);
    } catch (error) {
      if (session.clientGone(error)) {
        this.logger.log('Member export stopped: the client closed the connection');
        return;
      }
      throw error;
    } finally {
      session.end();
      // The batch being read must finish before the connection goes back (it cannot be cancelled).
      await session.inflight?.catch(() => undefined);
      await this.releaseRunner(runner);
    }
  }

  private async releaseRunner(runner: QueryRunner): Promise<void> {
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } catch (error) {
      this.logger.warn(`Ending the export's read transaction failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await runner.release();
    }
  }

  private async count(runner: QueryRunner, plan: FilteredMemberQuery): Promise<number> {
    const [sql, params] = plan.qb.clone().select('count(*)::int', 'n').getQueryAndParameters();
    const [row] = (await runner.query(sql, params)) as { n: number }[];
    return row?.n ?? 0;
  }

  private async stream(
    runner: QueryRunner,
    plan: FilteredMemberQuery,
    ctx: { caller: Caller; masked: boolean; format: ExportFormat },
    res: Response,
    session: ExportSession,
  ): Promise<number> {
    const { batchSize } = this.options;
    const regionNames = new RegionNames(this.regions);
    const read = (after: string[] | null): Promise<ExportBatch> => {
      const fetch = this.fetchBatch(runner, plan, after, batchSize, { caller: ctx.caller, masked: ctx.masked, regionNames, signal: session.signal });
      session.inflight = fetch;
      return fetch;
    };

    let batch = await session.unlessGone(read(null));
    // Headers only now: until the first batch is in hand an error can still be a JSON answer.
    res.status(200);
    res.setHeader('Content-Type', SPREADSHEET_CONTENT_TYPES[ctx.format]);
    res.setHeader('Content-Disposition', exportDisposition(ctx.format, new Date()));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // The writer owns `res` from here: it ends it on finish, destroys it on abort.
    const writer: TableWriter = createTableWriter(ctx.format, res, {
      sheetName: '会员',
      headers: [...EXPORT_HEADERS],
      textColumns: [...EXPORT_TEXT_COLUMNS],
      columnWidths: [...EXPORT_COLUMN_WIDTHS],
    });
    let written = 0;
    try {
      for (;;) {
        // A full batch may have a successor: read it while this one is written.
        const next = batch.rows.length === batchSize && batch.last ? read(batch.last) : null;
        const rows = batch.rows;
        await session.unlessGone(
          (async () => {
            for (const row of rows) {
              if (session.signal.aborted) throw new ExportAborted();
              await writer.writeRow(row);
            }
          })(),
        );
        written += rows.length;
        if (!next) break;
        batch = await session.unlessGone(next);
      }
      await session.unlessGone(writer.finish());
      return written;
    } catch (error) {
      // The client must see a broken download, never a file that merely looks complete.
      if (!session.clientGone(error)) session.failing = true;
      writer.abort(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
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
