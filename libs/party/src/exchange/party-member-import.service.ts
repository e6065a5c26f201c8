import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, Caller, Permission } from '@crm/auth';
import {
  ImportAction,
  ImportCommitBatch,
  ImportCommitter,
  ImportEngine,
  ImportEngines,
  ImportJobRecord,
  ImportJobScope,
  ImportRowError,
  ImportRowErrorsRecord,
  ImportRowOutcome,
  ImportValidation,
  StagedImportRow,
} from '@crm/exchange';
import { idNumberProblem, normalizePersonName, normalizePhone, parseIdNumber, phoneProblem } from '@crm/member';
import { AppError, charCount, ConnectionResult, maskIdNumber, today } from '@crm/shared';
import type { SpreadsheetFormat } from '@crm/spreadsheet';
import { CreatePartyMemberInput } from '../dtos/inputs/party-member.inputs';
import { PartyMemberStanding } from '../entities/party.enums';
import { PartyMemberService } from '../services/party-member.service';
import { PARTY_MEMBER_COLUMNS, PartyImportFailures, PartyImportRowMessages, PartyMemberColumnKey } from './party-member-columns';

/** What a good row carries to the commit (the create input of PartyMemberService). */
type PartyImportValues = CreatePartyMemberInput;
type Cells = Partial<Record<PartyMemberColumnKey, string>>;
type Headers = Partial<Record<PartyMemberColumnKey, string>>;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v && v >= '1900-01-01' && v <= today();

/** The party member import's jobs: administrators all, anyone else the files they uploaded. */
@Injectable()
export class PartyMemberImportScope extends ImportJobScope {
  constructor(access: AccessService) {
    super(access, 'PartyMemberImport', 'party_member_import');
  }
}

/**
 * Party members from .xlsx/.csv through the shared engine (@crm/exchange, docs/exchange.md):
 * zh-CN headers, validate then commit, a per-row report, progress, resumable commits. Rows
 * are matched by ID number: a person already registered is SKIPPED (the only mode), so a
 * re-run of the same file writes nothing. New rows are written by PartyMemberService.createMany
 * (the one write path: scope, units, one record per person, audit).
 */
@Injectable()
export class PartyMemberImportService {
  private readonly engine: ImportEngine<PartyImportValues, PartyMemberColumnKey>;

  constructor(
    engines: ImportEngines,
    private readonly access: AccessService,
    private readonly partyMembers: PartyMemberService,
  ) {
    const committer: ImportCommitter<PartyImportValues> = { batchRows: 1000, connections: 1, apply: (batch) => this.apply(batch) };
    this.engine = engines.create<PartyImportValues, PartyMemberColumnKey>({
      name: 'party-member-import',
      entity: 'PartyMemberImport',
      auditPrefix: 'partyMemberImport',
      permission: Permission.PartyManage,
      tables: {
        job: 'party_member_import',
        row: 'party_member_import_row',
        statusType: 'text',
        actionType: 'text',
        matchedColumn: 'matched_party_member_id',
        targetColumn: 'party_member_id',
      },
      columns: PARTY_MEMBER_COLUMNS,
      templateSheet: '党员信息',
      texts: { uploaderNotAllowed: () => PartyImportFailures.UPLOADER_NOT_ALLOWED(), gaveUp: (p) => PartyImportFailures.GAVE_UP(p) },
      startValidation: (ctx) => this.startValidation(ctx.em, ctx.caller),
      committer,
    });
  }

  create(caller: Caller, source: { path: string; fileName: string; size: number }): Promise<ImportJobRecord> {
    return this.engine.create(caller, source);
  }

  get(caller: Caller, id: string): Promise<ImportJobRecord> {
    return this.engine.get(caller, id);
  }

  list(caller: Caller, first: number, after?: string): Promise<ConnectionResult<ImportJobRecord>> {
    return this.engine.list(caller, first, after);
  }

  /** The bad rows in row order (the job's scope is checked by whoever read the job). */
  errors(importId: string, first: number, after?: string): Promise<ConnectionResult<ImportRowErrorsRecord>> {
    return this.engine.errors(importId, first, after);
  }

  commit(caller: Caller, id: string, version: number): Promise<ImportJobRecord> {
    return this.engine.commit(caller, id, 'SKIP', version);
  }

  cancel(caller: Caller, id: string, version: number): Promise<ImportJobRecord> {
    return this.engine.cancel(caller, id, version);
  }

  writeTemplate(format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    return this.engine.writeTemplate(format, out);
  }

  writeReport(importId: string, format: SpreadsheetFormat, out: NodeJS.WritableStream): Promise<void> {
    return this.engine.writeReport(importId, format, out);
  }

  /** For tests and the CLI: run the queued jobs in this process. */
  runValidation(importId: string): Promise<void> {
    return this.engine.runValidation(importId);
  }

  runCommit(importId: string): Promise<void> {
    return this.engine.runCommit(importId);
  }

  /** One validation: the branches the uploader keeps (by name), loaded once per file. */
  private async startValidation(em: EntityManager, caller: Caller): Promise<ImportValidation<PartyImportValues, PartyMemberColumnKey>> {
    const scope = this.access.write('PartyOrganization', caller, 'o');
    const [sql, params] = em.connection.driver.escapeQueryWithParameters(
      `SELECT o.id, o.name FROM party_organization o WHERE o.status = 'ACTIVE' AND o.kind IN ('BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH') AND ${scope.sql}`,
      scope.params,
      {},
    );
    const units = new Map<string, string[]>();
    for (const u of (await em.query(sql, params)) as { id: string; name: string }[]) units.set(u.name, [...(units.get(u.name) ?? []), u.id]);
    const seen = new Map<string, number>();
    /** The file's header for the ID number (as written: a synonym counts), for errors found in stage. */
    let idNumberHeader: string | null = null;
    let countyHeader: string | null = null;
    const error = (column: string | undefined, value: string | null, reason: keyof typeof PartyImportRowMessages, text: { message: string; messageZh: string }): ImportRowError => ({
      column: column ?? null,
      value,
      reason,
      ...text,
    });
    return {
      parse: (cells: Cells, formulas, headers: Headers) => {
        const errors: ImportRowError[] = [];
        idNumberHeader = headers.idNumber ?? null;
        countyHeader = headers.relationCounty ?? null;
        // Formulas, and text that would run as one when the file is opened again, are refused
        // outright; free text is held to what the party member fields accept (the columns' sizes).
        for (const key of formulas) errors.push(error(headers[key], null, 'FORMULA_CELL', PartyImportRowMessages.FORMULA_CELL()));
        for (const [key, raw] of Object.entries(cells) as [PartyMemberColumnKey, string][]) {
          if (formulas.has(key)) continue;
          if (raw.trim().startsWith('=')) errors.push(error(headers[key], null, 'FORMULA_TEXT', PartyImportRowMessages.FORMULA_TEXT()));
          else if (CONTROL.test(raw.trim())) errors.push(error(headers[key], null, 'CONTROL_CHARACTERS', PartyImportRowMessages.CONTROL_CHARACTERS()));
        }
        const sized = (key: PartyMemberColumnKey, value: string, min: number, max: number) => {
          if (charCount(value) > max) errors.push(error(headers[key], null, 'TOO_LONG', PartyImportRowMessages.TOO_LONG({ max })));
          else if (charCount(value) < min) errors.push(error(headers[key], value, 'TOO_SHORT', PartyImportRowMessages.TOO_SHORT({ min })));
        };
        const v = (k: PartyMemberColumnKey) => cells[k]?.trim() ?? '';
        // 张 三 is 张三, as the member import reads names.
        const name = normalizePersonName(cells.name ?? '');
        if (!name) errors.push(error(headers.name, null, 'REQUIRED', PartyImportRowMessages.REQUIRED()));
        else sized('name', name, 2, 30);
        if (v('mobileDestination')) sized('mobileDestination', v('mobileDestination'), 1, 100);
        let idNumber = '';
        if (!v('idNumber')) errors.push(error(headers.idNumber, null, 'REQUIRED', PartyImportRowMessages.REQUIRED()));
        else {
          const parsed = parseIdNumber(v('idNumber'));
          // A number that failed its own check is shown as typed: the uploader must find it.
          if (!parsed.ok) errors.push(error(headers.idNumber, v('idNumber'), 'INVALID_ID_NUMBER', PartyImportRowMessages.INVALID_ID_NUMBER({ reason: idNumberProblem(parsed.reason) })));
          else idNumber = parsed.value;
        }
        const phones: string[] = [];
        if (v('phone')) {
          const p = normalizePhone(v('phone'));
          if (!p.ok) errors.push(error(headers.phone, v('phone'), 'INVALID_PHONE', PartyImportRowMessages.INVALID_PHONE({ reason: phoneProblem(p.reason) })));
          else phones.push(p.value);
        }
        for (const key of ['joinedOn', 'mobileSince'] as const) {
          if (v(key) && !isDate(v(key))) errors.push(error(headers[key], v(key), 'INVALID_DATE', PartyImportRowMessages.INVALID_DATE()));
        }
        const standingText = v('standing');
        const standing = !standingText || /^正式/.test(standingText) ? PartyMemberStanding.Full : /^预备/.test(standingText) ? PartyMemberStanding.Probationary : null;
        if (!standing) errors.push(error(headers.standing, standingText, 'INVALID_STANDING', PartyImportRowMessages.INVALID_STANDING()));
        if (v('relationCounty') && !/^\d{6}$/.test(v('relationCounty'))) errors.push(error(headers.relationCounty, v('relationCounty'), 'INVALID_COUNTY', PartyImportRowMessages.INVALID_COUNTY()));
        const unitIds = units.get(v('unit')) ?? [];
        if (!v('unit')) errors.push(error(headers.unit, null, 'REQUIRED', PartyImportRowMessages.REQUIRED()));
        else if (!unitIds.length) errors.push(error(headers.unit, v('unit'), 'UNKNOWN_UNIT', PartyImportRowMessages.UNKNOWN_UNIT()));
        else if (unitIds.length > 1) errors.push(error(headers.unit, v('unit'), 'AMBIGUOUS_UNIT', PartyImportRowMessages.AMBIGUOUS_UNIT()));
        const flag = v('mobile');
        const mobile = !flag || flag === '否' ? false : flag === '是' ? true : null;
        if (mobile === null) errors.push(error(headers.mobile, flag, 'INVALID_FLAG', PartyImportRowMessages.INVALID_FLAG()));
        if (mobile && (!v('mobileDestination') || !v('mobileSince'))) errors.push(error(headers.mobileDestination ?? headers.mobile, null, 'MOBILE_NEEDS_DETAILS', PartyImportRowMessages.MOBILE_NEEDS_DETAILS()));
        if (errors.length) return { values: null, errors };
        return {
          values: {
            name,
            idNumber,
            phones,
            joinedOn: v('joinedOn') || undefined,
            standing: standing as PartyMemberStanding,
            relationCountyCode: v('relationCounty') || undefined,
            organizationId: unitIds[0],
            mobile: !!mobile,
            mobileDestination: mobile ? v('mobileDestination') : undefined,
            mobileSince: mobile ? v('mobileSince') : undefined,
          } as PartyImportValues,
          errors,
        };
      },
      checkInFile: (row: StagedImportRow<PartyImportValues>, cells: Cells, headers: Headers) => {
        const parsed = cells.idNumber ? parseIdNumber(cells.idNumber) : null;
        if (!parsed?.ok) return;
        const first = seen.get(parsed.value);
        if (first) row.errors.push(error(headers.idNumber, maskIdNumber(parsed.value), 'DUPLICATE_IN_FILE', PartyImportRowMessages.DUPLICATE_IN_FILE({ row: first })));
        else seen.set(parsed.value, row.rowNumber);
      },
      // A person already registered is skipped only when the uploader keeps them; one registered
      // elsewhere is a row error (as the member import refuses a member outside scope), so a
      // file cannot pass a foreign record off as "already there".
      stage: async (em: EntityManager, rows: StagedImportRow<PartyImportValues>[]) => {
        const mine = this.access.write('PartyMember', caller, 'pm');
        const [matchSql, matchParams] = em.connection.driver.escapeQueryWithParameters(
          `SELECT pm.id, pm.id_number, (${mine.sql}) AS "inScope" FROM party_member pm WHERE pm.id_number = ANY(:__numbers::text[])`,
          { ...mine.params, __numbers: rows.map((r) => r.values?.idNumber) },
          {},
        );
        const found = (await em.query(matchSql, matchParams)) as { id: string; id_number: string; inScope: boolean }[];
        const byNumber = new Map(found.map((f) => [f.id_number, f]));
        // A county code the region table does not hold would fail the commit's foreign key.
        const counties = [...new Set(rows.map((r) => r.values?.relationCountyCode).filter((c): c is string => !!c))];
        const known = new Set(
          counties.length ? ((await em.query(`SELECT code FROM region WHERE code = ANY($1::text[])`, [counties])) as { code: string }[]).map((c) => c.code.trim()) : [],
        );
        for (const r of rows) {
          const county = r.values?.relationCountyCode;
          if (county && !known.has(county)) {
            r.errors.push(error(countyHeader ?? undefined, county, 'UNKNOWN_COUNTY', PartyImportRowMessages.UNKNOWN_COUNTY()));
            r.values = null;
            continue;
          }
          const hit = byNumber.get(r.values?.idNumber ?? '');
          if (hit && !hit.inScope) {
            r.errors.push(error(idNumberHeader ?? undefined, maskIdNumber(hit.id_number), 'OUTSIDE_SCOPE', PartyImportRowMessages.OUTSIDE_SCOPE()));
            r.values = null;
          } else r.matchedId = hit?.id ?? null;
        }
      },
    };
  }

  /**
   * A batch: people registered meanwhile are skipped (matched again now), the others created by
   * createMany in one go; if the base refuses the batch, each row is tried alone (a savepoint
   * each), so a refused row fails with its reason and the others are written.
   */
  private async apply(batch: ImportCommitBatch<PartyImportValues>): Promise<ImportRowOutcome[]> {
    const mine = this.access.write('PartyMember', batch.caller, 'pm');
    const [matchSql, matchParams] = batch.em.connection.driver.escapeQueryWithParameters(
      `SELECT pm.id, pm.id_number, (${mine.sql}) AS "inScope" FROM party_member pm WHERE pm.id_number = ANY(:__numbers::text[])`,
      { ...mine.params, __numbers: batch.rows.map((r) => r.values.idNumber) },
      {},
    );
    const existing = (await batch.em.query(matchSql, matchParams)) as { id: string; id_number: string; inScope: boolean }[];
    const byNumber = new Map(existing.map((e) => [e.id_number, e]));
    const outcomes = new Map<number, ImportRowOutcome>();
    const fresh = batch.rows.filter((r) => {
      const hit = byNumber.get(r.values.idNumber as string);
      // Registered meanwhile: skipped when the uploader keeps the record, refused when it is someone else's.
      if (hit?.inScope) outcomes.set(r.rowNumber, { rowNumber: r.rowNumber, action: ImportAction.Skipped, targetId: hit.id });
      else if (hit) {
        outcomes.set(r.rowNumber, {
          rowNumber: r.rowNumber,
          action: ImportAction.Failed,
          targetId: null,
          errors: [{ column: null, value: maskIdNumber(hit.id_number), reason: 'OUTSIDE_SCOPE', ...PartyImportRowMessages.OUTSIDE_SCOPE() }],
        });
      }
      return !hit;
    });
    const options = (rows: typeof fresh) => ({ field: (i: number) => `rows.${rows[i].rowNumber}`, metadata: { importId: batch.importId, fileName: batch.fileName } });
    const attempt = async (rows: typeof fresh): Promise<string[] | AppError> => {
      await batch.em.query('SAVEPOINT party_import_rows');
      try {
        const ids = await this.partyMembers.createMany(batch.em, batch.caller, rows.map((r) => r.values), options(rows));
        await batch.em.query('RELEASE SAVEPOINT party_import_rows');
        return ids;
      } catch (e) {
        await batch.em.query('ROLLBACK TO SAVEPOINT party_import_rows');
        if (e instanceof AppError) return e;
        throw e;
      }
    };
    if (fresh.length) {
      const all = await attempt(fresh);
      if (Array.isArray(all)) fresh.forEach((r, i) => outcomes.set(r.rowNumber, { rowNumber: r.rowNumber, action: ImportAction.Created, targetId: all[i] }));
      else {
        for (const r of fresh) {
          const one = await attempt([r]);
          if (Array.isArray(one)) outcomes.set(r.rowNumber, { rowNumber: r.rowNumber, action: ImportAction.Created, targetId: one[0] });
          else {
            const ext = one.extensions as { reason?: string; messageZh?: string };
            outcomes.set(r.rowNumber, {
              rowNumber: r.rowNumber,
              action: ImportAction.Failed,
              targetId: null,
              errors: [{ column: null, value: null, reason: ext.reason ?? 'REFUSED', message: one.message, messageZh: ext.messageZh ?? one.message }],
            });
          }
        }
      }
    }
    return batch.rows.map((r) => outcomes.get(r.rowNumber) as ImportRowOutcome);
  }
}
