import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ChamberLeadershipService } from '@crm/chamber';
import { ImportValidation, StagedImportRow } from '@crm/exchange';
import { MemberIdentityChanges } from '@crm/member';
import { RegionService } from '@crm/region';
import { AppConfig } from '@crm/shared';
import { MemberColumnKey } from '../columns/member-columns';
import { ImportRowMessages } from '../exceptions/import.errors';
import { ImportMatcher } from './import-matcher';
import { ImportReference } from './import-reference';
import { identityOf, ImportRowParser, ImportValues, isSingleHolder, RowErrorReason, RowIdentity } from './import-row-parser';

type StagedRow = StagedImportRow<ImportValues>;

/** What one validation run keeps across the file: who was seen where. */
interface FileState {
  seenIds: Map<string, number>;
  seenNamePhones: Map<string, number>;
  claimedPositions: Map<string, number>;
  /** Rows by the member they matched (two rows matching one member are one person twice). */
  matchedRows: Map<string, number>;
}

/**
 * The member kind's part of validation (the engine, @crm/exchange, reads the file and stages
 * the rows): parses every row with the same rules as createMember (ImportRowParser over the
 * reference data the caller may use), refuses the same person twice in one file and a
 * single-holder position claimed twice, and matches each batch's good rows against the base
 * (ImportMatcher) before it is staged. Nothing of the member base is written.
 */
@Injectable()
export class MemberImportValidator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly config: AppConfig,
    private readonly leadership: ChamberLeadershipService,
    private readonly identities: MemberIdentityChanges,
  ) {}

  /** One validation run: the reference data loaded, and the snapshot taken before the first match. */
  async start(em: EntityManager, caller: Caller): Promise<ImportValidation<ImportValues, MemberColumnKey>> {
    const ref = await ImportReference.load(em, caller, this.access, this.leadership, await this.regions.all(), this.config.HOME_REGION_CODE);
    const parser = new ImportRowParser(ref);
    const matcher = new ImportMatcher(this.dataSource, this.access, caller);
    // Taken before the first row is matched: the commit looks again only at rows that members
    // changed after it concern (MemberImportCommitter.matchNow). Stored at once by the engine:
    // while an import is VALIDATING without one, nothing is pruned from the change log
    // (MemberImportService.forgetIdentityChanges).
    const snapshot = await this.identities.marker(em);
    const state: FileState = { seenIds: new Map(), seenNamePhones: new Map(), claimedPositions: new Map(), matchedRows: new Map() };
    return {
      snapshot,
      parse: (cells, formulaKeys, headers) => parser.parse(cells, formulaKeys, headers),
      checkInFile: (row, cells, headers) => this.checkInFile(row, identityOf(cells), row.values, headers, state),
      stage: (batchEm, rows) => this.stage(batchEm, rows, matcher, ref, state.matchedRows),
    };
  }

  /** The same person twice in one file, or one single-holder position claimed twice. */
  private checkInFile(
    row: StagedRow,
    identity: RowIdentity,
    values: ImportValues | null,
    headers: Partial<Record<MemberColumnKey, string>>,
    { seenIds, seenNamePhones, claimedPositions: claimed }: FileState,
  ): void {
    const dup = (key: MemberColumnKey, first: number) =>
      row.errors.push({ column: headers[key] ?? null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.SAME_PERSON({ row: first }) });
    let duplicate = false;
    if (identity.idNumber) {
      const first = seenIds.get(identity.idNumber);
      if (first) {
        dup('idNumber', first);
        duplicate = true;
      } else seenIds.set(identity.idNumber, row.rowNumber);
    }
    for (const phone of identity.phones) {
      const key = `${identity.name}|${phone}`;
      const first = seenNamePhones.get(key);
      if (first && !duplicate) {
        dup('phones', first);
        duplicate = true;
      }
      if (!first) seenNamePhones.set(key, row.rowNumber);
    }
    for (const m of values?.memberships ?? []) {
      for (const position of m.positions ?? []) {
        if (!m.termId || !isSingleHolder(position)) continue;
        const key = `${m.termId}|${position}`;
        const first = claimed.get(key);
        if (first) row.errors.push({ column: headers.position ?? null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.POSITION_CLAIMED_IN_FILE({ row: first }) });
        else claimed.set(key, row.rowNumber);
      }
    }
  }

  /** Matches a batch's good rows (inside the batch's transaction); the engine stages them. */
  private async stage(em: EntityManager, good: StagedRow[], matcher: ImportMatcher, ref: ImportReference, matchedRows: Map<string, number>): Promise<void> {
    const matches = await matcher.match(
      em,
      good.map((r) => ({ rowNumber: r.rowNumber, name: (r.values as ImportValues).name, idNumber: r.values?.idNumber, phones: r.values?.phones })),
    );
    for (const row of good) {
      const outcome = matches.get(row.rowNumber);
      if (outcome?.error) {
        row.errors.push(outcome.error);
        row.values = null;
        continue;
      }
      row.matchedId = outcome?.memberId ?? null;
      // Two rows matching one member (one by ID number, one by name and phone) are the same person.
      if (row.matchedId) {
        const first = matchedRows.get(row.matchedId);
        if (first !== undefined) {
          row.errors.push({ column: null, value: null, reason: RowErrorReason.DuplicateInFile, ...ImportRowMessages.SAME_PERSON({ row: first }) });
          row.values = null;
          row.matchedId = null;
          continue;
        }
        matchedRows.set(row.matchedId, row.rowNumber);
      }
      for (const m of row.values?.memberships ?? []) {
        for (const position of m.positions ?? []) {
          if (!m.termId || !isSingleHolder(position)) continue;
          const holder = ref.singleHolders.get(`${m.termId}|${position}`);
          if (holder !== undefined && holder !== row.matchedId) {
            row.errors.push({ column: '商会职务', value: null, reason: RowErrorReason.PositionTaken, ...ImportRowMessages.POSITION_TAKEN() });
            row.values = null;
          }
        }
      }
    }
  }
}
