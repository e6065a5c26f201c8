import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { QueryRunner } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { exportStamp, TableExporter } from '@crm/exchange';
import { maskIdNumber, maskPhone } from '@crm/shared';
import type { SpreadsheetFormat } from '@crm/spreadsheet';
import { PartyPersonalData } from '../services/party-personal-data';
import { PARTY_MEMBER_COLUMNS } from './party-member-columns';

const HEADERS = PARTY_MEMBER_COLUMNS.columns.map((c) => c.header);
const TEXT_COLUMNS = PARTY_MEMBER_COLUMNS.columns.flatMap((c, i) => (c.text ? [i] : []));

interface Row {
  id: string;
  name: string;
  id_number: string;
  phones: string[];
  joined_on: string | null;
  standing: string;
  relation_county_code: string | null;
  unit: string | null;
  mobile: boolean;
  mobile_destination: string | null;
  mobile_since: string | null;
}

/**
 * The party members the caller reads, as .csv or .xlsx with the import's zh-CN headers (a file
 * exported can be imported again: its people are skipped), through the shared TableExporter: one
 * snapshot, the audit event (`partyMember.export`, row count, masked or clear) before the first
 * byte, keyset batches by id. ID numbers and phones are masked as the party member fields are
 * (PartyPersonalData: without personal-data permission, and always for secretariats).
 */
@Injectable()
export class PartyMemberExportService {
  constructor(
    private readonly exporter: TableExporter,
    private readonly access: AccessService,
    private readonly personal: PartyPersonalData,
  ) {}

  async export(caller: Caller, format: SpreadsheetFormat, res: Response): Promise<void> {
    const masked = this.personal.masked(caller);
    const scope = this.access.read('PartyMember', caller, 'pm');
    const where = (runner: QueryRunner, extra: string, params: Record<string, unknown>) =>
      runner.connection.driver.escapeQueryWithParameters(`${extra.replace('{scope}', scope.sql)}`, { ...scope.params, ...params }, {});
    await this.exporter.export<string[]>(
      {
        label: 'party member',
        format,
        sheetName: '党员信息',
        headers: HEADERS,
        textColumns: TEXT_COLUMNS,
        fileNames: (at) => ({ ascii: `party-members-${exportStamp(at)}.${format}`, zh: `党员信息-${exportStamp(at)}.${format}` }),
        count: async (runner) => {
          const [sql, params] = where(runner, `SELECT count(*)::int AS n FROM party_member pm WHERE {scope}`, {});
          return ((await runner.query(sql, params)) as { n: number }[])[0]?.n ?? 0;
        },
        auditEvent: (rowCount) => ({ operation: 'partyMember.export', entityType: 'PartyMember', metadata: { format, rowCount, personalData: masked ? 'MASKED' : 'CLEAR' } }),
        fetch: async (runner, after, limit) => {
          const [sql, params] = where(
            runner,
            `SELECT pm.id, pm.name, pm.id_number, pm.phones, pm.joined_on::text, pm.standing, pm.relation_county_code, o.name AS unit,
                    pm.mobile, pm.mobile_destination, pm.mobile_since::text
             FROM party_member pm LEFT JOIN party_organization o ON o.id = pm.organization_id
             WHERE {scope} AND (:after::uuid IS NULL OR pm.id > :after::uuid) ORDER BY pm.id LIMIT :limit`,
            { after: after?.[0] ?? null, limit },
          );
          const rows = (await runner.query(sql, params)) as Row[];
          return {
            rows: rows.map((r) => [
              r.name,
              masked ? (maskIdNumber(r.id_number) ?? '') : r.id_number,
              (masked ? r.phones.map((p) => maskPhone(p) ?? '') : r.phones).join('、'),
              r.joined_on ?? '',
              r.standing === 'PROBATIONARY' ? '预备党员' : '正式党员',
              r.relation_county_code ?? '',
              r.unit ?? '',
              r.mobile ? '是' : '否',
              r.mobile_destination ?? '',
              r.mobile_since ?? '',
            ]),
            last: rows.length ? [rows[rows.length - 1].id] : null,
          };
        },
      },
      res,
      { batchSize: 1000, maxConcurrent: 2 },
    );
  }
}
