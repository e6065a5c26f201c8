import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ImportAction, ImportCommitBatch, ImportCommitHooks, ImportCommitRunner, ImportCommitter, ImportFiles, ImportRowError, ImportRowOutcome, IMPORT_BATCH_ROWS } from '@crm/exchange';
import { AppConfig, AppError } from '@crm/shared';
import { MEMBER_COLUMNS, MemberColumnKey } from '../columns/member-columns';
import { ChamberLeadershipService } from '@crm/chamber';
import { EnterpriseRole, EnterpriseService, MemberErrors, MemberIdentityChanges, MembershipToAdd, MemberSource, MemberStatus, MemberValues, memberValuesOf, MemberWrite, MemberWriter } from '@crm/member';
import { MemberImportMode } from '../entities/member-import.enums';
import { ImportMatcher, MatchCandidate, MatchOutcome } from './import-matcher';
import { ImportedEnterprise, ImportValues, isSingleHolder, RowErrorReason } from './import-row-parser';
import { MEMBER_IMPORT_TABLES } from './member-import.tables';

export { IMPORT_COMMIT_CONNECTIONS } from '@crm/exchange';

/** A member's values as the import reads and writes them (the writer's shape, with the version read). */
type MemberRow = MemberValues & { version: number };

/** The single-valued fields a row may set; the same names in the parsed row (ImportValues). */
const SCALARS = ['name', 'gender', 'birthDate', 'idNumber', 'wechat', 'email', 'address', 'hometownCode', 'currentRegionCode', 'note'] as const;

/** A member change of a batch, with the row it comes from and its enterprises before they have ids. */
interface BatchWrite extends MemberWrite {
  outcome: RowOutcome;
  enterpriseItems: (ImportedEnterprise & { enterpriseId?: string })[];
}

/** Where a writer field lands in the file. */
const COLUMN_OF_FIELD: Readonly<Record<string, MemberColumnKey>> = {
  idNumber: 'idNumber',
  birthDate: 'birthDate',
  gender: 'gender',
  hometownCode: 'hometown',
  chamberId: 'chamber',
  memberships: 'chamber',
  leftOn: 'joinedOn',
  position: 'position',
  positions: 'position',
  positionStartsOn: 'position',
};

/** A refusal of the base as a row error of the report. */
function rowErrorOf(error: AppError): ImportRowError {
  const ext = error.extensions as { field?: string; reason?: string; messageZh?: string };
  const key = ext.field ? COLUMN_OF_FIELD[ext.field.split('.').pop() as string] : undefined;
  return {
    column: key ? (MEMBER_COLUMNS.find((c) => c.key === key)?.header ?? null) : null,
    value: null,
    reason: ext.reason ?? String(error.extensions.code),
    message: error.message,
    messageZh: ext.messageZh ?? error.message,
  };
}

type RowOutcome = ImportRowOutcome;

interface StagedRow {
  rowNumber: number;
  values: ImportValues;
  /** The member validation matched the row to (null: none). */
  matchedMemberId: string | null;
}

/**
 * Members changed by others since validation beyond which a batch matches all its rows again
 * instead of sorting out the rows they concern (another import running meanwhile, say).
 */
export const REMATCH_ALL_ABOVE = 5000;

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];
const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The member kind's part of the commit (the engine, @crm/exchange, claims the staged rows in
 * batches and keeps the counters): a batch takes each row's match from validation and matches
 * again only the rows the base's changes since then may concern, locks the matched members and
 * reads their links through the member library, finds or creates the enterprises, and hands
 * every change to MemberWriter — the same writer createMember, updateMember and the merge use.
 */
@Injectable()
export class MemberImportCommitter implements ImportCommitter<ImportValues> {
  /** Tests lower it to see several batches with a few rows. */
  batchRows = IMPORT_BATCH_ROWS;
  /**
   * Batches committed side by side, each on its own connection: while PostgreSQL writes one
   * batch (index upkeep is most of a batch's time), the other is matched and prepared, so both
   * cores work. Tests that follow batches one by one set it to 1.
   */
  connections: number;
  private readonly runner: ImportCommitRunner<ImportValues>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    files: ImportFiles,
    private readonly writer: MemberWriter,
    private readonly enterprises: EnterpriseService,
    private readonly leadership: ChamberLeadershipService,
    private readonly identities: MemberIdentityChanges,
    config: AppConfig,
  ) {
    this.connections = config.IMPORT_COMMIT_CONNECTIONS;
    this.runner = new ImportCommitRunner(dataSource, files, MEMBER_IMPORT_TABLES, this);
  }

  /** Commits every staged row not yet done (what the commit job runs, as the uploader). */
  run(importId: string, caller: Caller, hooks: ImportCommitHooks = {}): Promise<void> {
    return this.runner.run(importId, caller, hooks);
  }

  /** One batch, in the engine's transaction: an outcome per row. */
  apply(batch: ImportCommitBatch<ImportValues>): Promise<RowOutcome[]> {
    const rows = batch.rows.map((r) => ({ rowNumber: r.rowNumber, values: r.values, matchedMemberId: r.matchedId }));
    return this.applyRows(batch.em, batch.importId, batch.mode as MemberImportMode, batch.fileName, batch.snapshot, batch.caller, rows);
  }

  private async applyRows(
    em: EntityManager,
    importId: string,
    mode: MemberImportMode,
    fileName: string,
    matchSnapshot: string | null,
    caller: Caller,
    rows: StagedRow[],
  ): Promise<RowOutcome[]> {
    const matches = await this.matchNow(em, importId, matchSnapshot, new ImportMatcher(this.dataSource, this.access, caller), rows);
    const matchedIds = [...new Set([...matches.values()].map((m) => m.memberId).filter((id): id is string => !!id))];
    // The matched members, locked, with what they already have (the member library reads its tables).
    const current = await this.writer.lockWithLinks(em, matchedIds);
    // Two rows of one member can land in batches committed side by side (the member appeared
    // after validation, so validation could not refuse the pair). The locks above wait for the
    // other batch to commit; a member it has written since is not written again by this one: the
    // row fails as the writer fails two rows of one member within a batch.
    const writtenByImport = new Set(
      matchedIds.length
        ? ((await em.query(
            `SELECT DISTINCT member_id AS id FROM member_import_row WHERE import_id = $1 AND member_id = ANY($2::uuid[]) AND action IN ('CREATED', 'UPDATED')`,
            [importId, matchedIds],
          )) as { id: string }[]).map((r) => r.id)
        : [],
    );
    const positionsTaken = await this.loadSingleHolders(em, rows);

    const outcomes: RowOutcome[] = [];
    const writes: BatchWrite[] = [];
    const actor = { id: caller.id, email: caller.email, role: caller.role };

    for (const row of rows) {
      const v = row.values;
      const match = matches.get(row.rowNumber);
      if (match?.error) {
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Failed, targetId: null, errors: [match.error] });
        continue;
      }
      const memberId = match?.memberId ?? null;
      const before = memberId ? current.get(memberId) : undefined;
      if (memberId && mode === MemberImportMode.Skip) {
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Skipped, targetId: memberId });
        continue;
      }
      if (memberId && writtenByImport.has(memberId)) {
        const twice = MemberErrors.SAME_MEMBER_TWICE({ member: v.name }, { field: 'id' });
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Failed, targetId: memberId, errors: [rowErrorOf(twice)] });
        continue;
      }
      // Single-holder positions taken since validation fail the row (nothing of it is written).
      const clash = (v.memberships ?? []).some((m) =>
        (m.positions ?? []).some((p) => m.termId && isSingleHolder(p) && positionsTaken.has(`${m.termId}|${p}`) && positionsTaken.get(`${m.termId}|${p}`) !== memberId),
      );
      if (clash) {
        outcomes.push({
          rowNumber: row.rowNumber,
          action: ImportAction.Failed,
          targetId: memberId,
          errors: [{ column: '商会职务', value: null, reason: RowErrorReason.PositionTaken, message: 'the position was given to someone else after validation', messageZh: '校验之后，这一职务已由他人担任' }],
        });
        continue;
      }
      const id = memberId ?? randomUUID();
      let after: MemberRow;
      if (before) {
        // The writer holds the ID number to birth date and gender (a row that disagrees fails there).
        after = this.patched(before, v, mode);
      } else {
        after = this.created(v, fileName);
      }
      const memberLinks = current.get(id);
      const memberships: MembershipToAdd[] = [];
      for (const m of v.memberships ?? []) {
        const alreadyMember = !!memberLinks?.chambers.has(m.chamberId);
        const positions = (m.positions ?? []).filter((p) => m.termId && !memberLinks?.positions.has(`${m.termId}|${p}`));
        for (const p of positions) if (isSingleHolder(p)) positionsTaken.set(`${m.termId}|${p}`, id);
        if (!alreadyMember || positions.length) memberships.push({ chamberId: m.chamberId, joinedOn: m.joinedOn ?? null, positions, alreadyMember });
      }
      // An enterprise the member already has (by credit code, or by name without one) gains the
      // row's roles; only the others are looked up by credit code or created.
      const enterpriseItems = (v.enterprises ?? []).flatMap((e) => {
        const existing = memberLinks?.enterprises.find((x) => (e.creditCode ? x.creditCode === e.creditCode : x.name === e.name));
        if (existing && e.roles.every((r) => existing.roles.includes(r))) return [];
        return [{ ...e, enterpriseId: existing?.enterpriseId }];
      });
      const linksChanged = memberships.length > 0 || enterpriseItems.length > 0;
      const fieldsChanged = !before || SCALARS.some((k) => before[k] !== after[k]) || !sameList(before.phones, after.phones) || !sameList(before.tags, after.tags) || !sameList(before.designations, after.designations);
      if (before && !fieldsChanged && !linksChanged) {
        outcomes.push({ rowNumber: row.rowNumber, action: ImportAction.Unchanged, targetId: id });
        continue;
      }
      const outcome: RowOutcome = { rowNumber: row.rowNumber, action: before ? ImportAction.Updated : ImportAction.Created, targetId: id };
      outcomes.push(outcome);
      writes.push({
        outcome,
        id,
        before: before ?? null,
        values: after,
        memberships,
        enterpriseItems,
        audit: { operation: before ? 'member.import.update' : 'member.import.create', metadata: { importId, rowNumber: row.rowNumber, mode } },
      });
    }

    // Partial: a row the base refuses now (a chamber dissolved since validation, an ID number that
    // disagrees with the member's birth date, two rows of one member) fails alone, with its reason.
    // The enterprises the accepted rows name and their members lack are found by credit code or
    // created just before the writes, so a refused row leaves no enterprise behind.
    const { refused } = await this.writer.write(em, caller, writes, {
      actor,
      registeredBy: caller.id,
      partial: true,
      // This import's own writes cannot change how its other rows match (validation refused the
      // same person twice in the file), so its batches leave them out when they ask what changed.
      tag: importId,
      beforeWrite: async (accepted) => {
        const rows = accepted as BatchWrite[];
        const unknown = rows.flatMap((w) => w.enterpriseItems.filter((e) => !e.enterpriseId));
        const enterpriseIds = await this.enterprises.ensureMany(em, unknown, actor);
        unknown.forEach((e, i) => (e.enterpriseId = enterpriseIds[i]));
        for (const w of rows) w.enterprises = w.enterpriseItems.map((e) => ({ enterpriseId: e.enterpriseId as string, roles: e.roles as EnterpriseRole[] }));
      },
    });
    for (const { write, error } of refused) {
      const outcome = (write as BatchWrite).outcome;
      outcome.action = ImportAction.Failed;
      outcome.errors = [rowErrorOf(error)];
    }
    return outcomes;
  }

  /**
   * Who each row is now. Validation matched every row against the base; a row's answer can have
   * changed since only through a member inserted or re-identified (name, ID number, phones,
   * status) after validation's snapshot by someone other than this import, or through the
   * caller's scope. So only the rows such a member concerns — it is one of the row's hits now,
   * or the member the row matched — are matched again; the others keep validation's member,
   * confirmed live and in the caller's scope in one statement. Without a snapshot (validated
   * before there was one) or with more than REMATCH_ALL_ABOVE changed members, every row is
   * matched again, as a batch always did before.
   */
  private async matchNow(em: EntityManager, importId: string, snapshot: string | null, matcher: ImportMatcher, rows: StagedRow[]): Promise<Map<number, MatchOutcome>> {
    const candidate = (r: StagedRow): MatchCandidate => ({ rowNumber: r.rowNumber, name: r.values.name, idNumber: r.values.idNumber, phones: r.values.phones });
    const changed = snapshot ? await this.identities.since(em, snapshot, { exceptTag: importId, limit: REMATCH_ALL_ABOVE }) : null;
    if (!changed) return matcher.match(em, rows.map(candidate));
    const changedIds = new Set(changed.map((m) => m.id));
    const hit = ImportMatcher.concerned(rows.map(candidate), changed);
    const again = new Set(rows.filter((r) => hit.has(r.rowNumber) || (r.matchedMemberId && changedIds.has(r.matchedMemberId))));
    const kept = rows.filter((r) => !again.has(r) && r.matchedMemberId);
    const now = await matcher.confirm(em, kept.map((r) => r.matchedMemberId as string));
    const result = new Map<number, MatchOutcome>();
    for (const r of rows) {
      if (again.has(r)) continue;
      if (!r.matchedMemberId) result.set(r.rowNumber, { memberId: null });
      else if (!now.has(r.matchedMemberId)) again.add(r); // merged or gone meanwhile
      else result.set(r.rowNumber, now.get(r.matchedMemberId) ? { memberId: r.matchedMemberId } : ImportMatcher.outsideScope());
    }
    if (again.size) for (const [row, outcome] of await matcher.match(em, [...again].map(candidate))) result.set(row, outcome);
    return result;
  }

  /** UPDATE: the file's cells overwrite, lists grow. FILL_EMPTY: only empty fields are filled. */
  private patched(before: MemberRow, v: ImportValues, mode: MemberImportMode): MemberRow {
    const after: MemberRow = {
      ...memberValuesOf(before),
      phones: union(before.phones, v.phones ?? []).slice(0, 5),
      tags: union(before.tags, v.tags ?? []).slice(0, 20),
      designations: union(before.designations, v.designations ?? []),
    };
    for (const key of SCALARS) {
      const value = v[key];
      if (value === undefined) continue;
      if (mode === MemberImportMode.Update || after[key] === null) (after as unknown as Record<string, unknown>)[key] = value;
    }
    // The ID number decides birth date and gender (the parser already derived them from it).
    if (mode === MemberImportMode.FillEmpty && v.idNumber && !before.idNumber) {
      after.birthDate = before.birthDate ?? v.birthDate ?? null;
      after.gender = before.gender ?? v.gender ?? null;
    }
    return after;
  }

  private created(v: ImportValues, fileName: string): MemberRow {
    return {
      name: v.name,
      gender: v.gender ?? null,
      birthDate: v.birthDate ?? null,
      idNumber: v.idNumber ?? null,
      phones: v.phones ?? [],
      wechat: v.wechat ?? null,
      email: v.email ?? null,
      address: v.address ?? null,
      hometownCode: v.hometownCode ?? null,
      currentRegionCode: v.currentRegionCode ?? null,
      designations: v.designations ?? [],
      tags: v.tags ?? [],
      note: v.note ?? null,
      source: MemberSource.Import,
      sourceNote: [...`导入：${fileName}`].slice(0, 200).join(''),
      status: MemberStatus.Active,
      version: 1,
    };
  }

  /** Who holds the single-holder posts the batch names (the chamber library reads its table). */
  private async loadSingleHolders(em: EntityManager, rows: StagedRow[]): Promise<Map<string, string | null>> {
    const terms = [...new Set(rows.flatMap((r) => (r.values.memberships ?? []).filter((m) => m.termId && (m.positions ?? []).some(isSingleHolder)).map((m) => m.termId as string)))];
    return new Map((await this.leadership.singleHolders(em, terms)).map((h) => [`${h.termId}|${h.position}`, h.memberId]));
  }
}
