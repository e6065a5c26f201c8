import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ImportCells, ImportRowError, ImportValidation, StagedImportRow } from '@crm/exchange';
import { normalizePhone, parseIdNumber } from '@crm/member';
import { BilingualMessage, maskIdNumber, maskPhone } from '@crm/shared';
import { CampaignColumnKey } from '../columns/campaign-import-columns';
import { CampaignRowMessages as M } from '../exceptions/campaign-import.errors';

export type CampaignTargetKind = 'MEMBER' | 'CHAMBER' | 'PERSON';

/** A good row of a campaign list, as staged (personal data dropped once the member is found). */
export interface CampaignRowValues {
  groupId: string;
  groupName: string;
  kind: CampaignTargetKind;
  /** The member's or the person's name as written. */
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  chamberName: string | null;
  note: string | null;
  memberId: string | null;
  chamberId: string | null;
}

/** 对象类型 as offices write it. */
const KINDS: Readonly<Record<string, CampaignTargetKind>> = {
  会员: 'MEMBER',
  功勋人物: 'MEMBER',
  商会: 'CHAMBER',
  亲属: 'PERSON',
  家属: 'PERSON',
  其他: 'PERSON',
  其他人员: 'PERSON',
};

const clean = (s: string | undefined): string => (s ?? '').normalize('NFKC').replace(/\s+/g, ' ').trim();

/**
 * The campaign kind's validation of one file: cells into a target (a member found by ID number,
 * or by name and mobile, within the uploader's member scope; a live chamber by its full name; a
 * person by name), the group by its name among the campaign's groups (groups are not created
 * by the import: they need their leaders), the same target twice in the file refused, and a
 * target already in the campaign matched (same group: nothing to do) or refused (another group).
 */
@Injectable()
export class CampaignImportValidator {
  constructor(private readonly access: AccessService) {}

  async start(em: EntityManager, importId: string, caller: Caller): Promise<ImportValidation<CampaignRowValues, CampaignColumnKey>> {
    const [job] = (await em.query('SELECT campaign_id::text AS "campaignId" FROM campaign_import WHERE id = $1', [importId])) as { campaignId: string }[];
    const campaignId = job.campaignId;
    const groups = new Map(((await em.query('SELECT id::text, name FROM campaign_group WHERE campaign_id = $1', [campaignId])) as { id: string; name: string }[]).map((g) => [clean(g.name), g]));
    const groupNames = new Map([...groups.values()].map((g) => [g.id, g.name]));
    const access = this.access;
    let headers: Partial<Record<CampaignColumnKey, string>> = {};
    const seenInFile = new Map<string, number>();
    const seenTargets = new Map<string, number>();
    const error = (key: CampaignColumnKey | null, value: string | null, reason: string, text: BilingualMessage): ImportRowError => ({
      column: key ? (headers[key] ?? null) : null,
      value,
      reason,
      message: text.message,
      messageZh: text.messageZh,
    });
    const fail = (row: StagedImportRow<CampaignRowValues>, e: ImportRowError) => {
      row.errors.push(e);
    };

    return {
      parse(cells: ImportCells<CampaignColumnKey>, _formulas, fileHeaders) {
        headers = fileHeaders;
        const errors: ImportRowError[] = [];
        const groupName = clean(cells.group);
        const group = groups.get(groupName);
        if (!groupName) errors.push(error('group', null, 'REQUIRED', M.REQUIRED()));
        else if (!group) errors.push(error('group', groupName, 'GROUP_UNKNOWN', M.GROUP_UNKNOWN({ name: groupName })));
        const kindText = clean(cells.kind);
        const kind = KINDS[kindText];
        if (!kindText) errors.push(error('kind', null, 'REQUIRED', M.REQUIRED()));
        else if (!kind) errors.push(error('kind', kindText, 'UNKNOWN_TARGET_KIND', M.UNKNOWN_TARGET_KIND()));
        const name = clean(cells.name) || null;
        const note = clean(cells.note) || null;
        if (note && [...note].length > 200) errors.push(error('note', note.slice(0, 20), 'TOO_LONG', M.TOO_LONG({ max: 200 })));
        let idNumber: string | null = null;
        let phone: string | null = null;
        let chamberName: string | null = null;
        if (kind === 'MEMBER') {
          const rawId = clean(cells.idNumber).replace(/\s/g, '');
          const rawPhone = clean(cells.phone).replace(/\s/g, '');
          if (rawId) {
            const id = parseIdNumber(rawId);
            if (id.ok) idNumber = id.value;
            else errors.push(error('idNumber', rawId, 'INVALID_ID_NUMBER', M.INVALID_ID_NUMBER({ problem: id.reason })));
          } else if (name && rawPhone) {
            const p = normalizePhone(rawPhone);
            if (p.ok) phone = p.value;
            else errors.push(error('phone', rawPhone, 'INVALID_PHONE', M.INVALID_PHONE({ problem: p.reason })));
          } else errors.push(error(rawPhone ? 'name' : null, null, 'MEMBER_KEY_REQUIRED', M.MEMBER_KEY_REQUIRED()));
          if (name && [...name].length > 100) errors.push(error('name', name.slice(0, 20), 'TOO_LONG', M.TOO_LONG({ max: 100 })));
        } else if (kind === 'CHAMBER') {
          chamberName = clean(cells.chamber) || null;
          if (!chamberName) errors.push(error('chamber', null, 'REQUIRED', M.REQUIRED()));
        } else if (kind === 'PERSON') {
          if (!name) errors.push(error('name', null, 'REQUIRED', M.REQUIRED()));
          else if ([...name].length > 100) errors.push(error('name', name.slice(0, 20), 'TOO_LONG', M.TOO_LONG({ max: 100 })));
        }
        if (errors.length || !group || !kind) return { values: null, errors };
        return { values: { groupId: group.id, groupName: group.name, kind, name, idNumber, phone, chamberName, note, memberId: null, chamberId: null }, errors };
      },

      // The same target twice in the file, as written (a member by ID number or by name and
      // phone; found to be one member only at matching, which checks again by id).
      checkInFile(row) {
        const v = row.values;
        if (!v) return;
        const [key, column, shown] =
          v.kind === 'CHAMBER'
            ? [`c:${v.chamberName}`, 'chamber' as const, v.chamberName]
            : v.kind === 'PERSON'
              ? [`p:${v.name}`, 'name' as const, v.name]
              : v.idNumber
                ? [`i:${v.idNumber}`, 'idNumber' as const, maskIdNumber(v.idNumber)]
                : [`n:${v.name}|${v.phone}`, 'phone' as const, maskPhone(v.phone)];
        const first = seenInFile.get(key);
        if (first) fail(row, error(column, shown, 'DUPLICATE_IN_FILE', M.DUPLICATE_IN_FILE({ row: first })));
        else seenInFile.set(key, row.rowNumber);
      },

      async stage(em2: EntityManager, rows: StagedImportRow<CampaignRowValues>[]) {
        const values = rows.map((r) => r.values as CampaignRowValues);
        // Members: by ID number, or by name and a phone (one statement), with the uploader's read scope.
        const memberScope = access.read('Member', caller, 'm');
        const probes = values.flatMap((v, i) => (v.kind === 'MEMBER' ? [{ i, idNumber: v.idNumber, name: v.name, phone: v.phone }] : []));
        const memberHits = new Map<number, { id: string; inScope: boolean }[]>();
        if (probes.length) {
          const [sql, params] = em2.connection.driver.escapeQueryWithParameters(
            `WITH p AS (SELECT * FROM jsonb_to_recordset(:probes::jsonb) AS p(i int, "idNumber" text, name text, phone text))
             SELECT p.i, m.id::text AS id, (${memberScope.sql}) AS "inScope"
               FROM p JOIN member m ON m.id_number = p."idNumber" AND m.status <> 'MERGED'
             UNION ALL
             SELECT p.i, m.id::text, (${memberScope.sql})
               FROM p JOIN member m ON p."idNumber" IS NULL AND m.name = p.name AND m.phones @> ARRAY[p.phone]::varchar[]
                AND m.phone_keys @> ARRAY[regexp_replace(p.phone, '\\D', '', 'g')] AND m.status <> 'MERGED'`,
            { ...memberScope.params, probes: JSON.stringify(probes) },
            {},
          );
          for (const h of (await em2.query(sql, params)) as { i: number; id: string; inScope: boolean }[]) memberHits.set(h.i, [...(memberHits.get(h.i) ?? []), h]);
        }
        // Chambers: live ones by full name (unique among live chambers), with the read scope.
        const chamberScope = access.read('Chamber', caller, 'c');
        const names = [...new Set(values.flatMap((v) => (v.kind === 'CHAMBER' && v.chamberName ? [v.chamberName] : [])))];
        const chambers = new Map<string, { id: string; inScope: boolean }>();
        if (names.length) {
          const [sql, params] = em2.connection.driver.escapeQueryWithParameters(
            `SELECT c.name, c.id::text AS id, (${chamberScope.sql}) AS "inScope" FROM chamber c WHERE c.name = ANY(:names::varchar[]) AND c.status IN ('PREPARING', 'ACTIVE')`,
            { ...chamberScope.params, names },
            {},
          );
          for (const c of (await em2.query(sql, params)) as { name: string; id: string; inScope: boolean }[]) chambers.set(c.name, c);
        }
        rows.forEach((row, i) => {
          const v = row.values as CampaignRowValues;
          if (v.kind === 'MEMBER') {
            const hits = [...new Map((memberHits.get(i) ?? []).map((h) => [h.id, h])).values()];
            const column = v.idNumber ? 'idNumber' : 'phone';
            const shown = v.idNumber ? maskIdNumber(v.idNumber) : maskPhone(v.phone);
            if (!hits.length) fail(row, error(column, shown, 'MEMBER_NOT_FOUND', M.MEMBER_NOT_FOUND()));
            else if (hits.length > 1) fail(row, error(column, shown, 'MEMBER_AMBIGUOUS', M.MEMBER_AMBIGUOUS()));
            else if (!hits[0].inScope) fail(row, error(column, shown, 'MEMBER_OUTSIDE_SCOPE', M.MEMBER_OUTSIDE_SCOPE()));
            else v.memberId = hits[0].id;
            // Found: the ID number and phone are not kept in the staged row.
            v.idNumber = null;
            v.phone = null;
          } else if (v.kind === 'CHAMBER') {
            const c = chambers.get(v.chamberName as string);
            if (!c) fail(row, error('chamber', v.chamberName, 'CHAMBER_NOT_FOUND', M.CHAMBER_NOT_FOUND({ name: v.chamberName as string })));
            else if (!c.inScope) fail(row, error('chamber', v.chamberName, 'CHAMBER_OUTSIDE_SCOPE', M.CHAMBER_OUTSIDE_SCOPE()));
            else v.chamberId = c.id;
          }
          // One member written two ways (ID number here, name and phone there): the same target.
          const target = v.memberId ? `m:${v.memberId}` : null;
          if (target && !row.errors.length) {
            const first = seenTargets.get(target);
            if (first) fail(row, error(v.memberId ? 'name' : null, v.name, 'DUPLICATE_IN_FILE', M.DUPLICATE_IN_FILE({ row: first })));
            else seenTargets.set(target, row.rowNumber);
          }
        });
        // Already in the campaign: in the same group it is this row (a re-run), in another a refusal.
        const good = rows.filter((r) => !r.errors.length);
        const existing = (await em2.query(
          `SELECT id::text, group_id::text AS "groupId", member_id::text AS "memberId", chamber_id::text AS "chamberId", person_name AS "personName"
             FROM campaign_assignment
            WHERE campaign_id = $1 AND (member_id = ANY($2::uuid[]) OR chamber_id = ANY($3::uuid[]) OR person_name = ANY($4::varchar[]))`,
          [
            campaignId,
            good.flatMap((r) => (r.values?.memberId ? [r.values.memberId] : [])),
            good.flatMap((r) => (r.values?.chamberId ? [r.values.chamberId] : [])),
            good.flatMap((r) => (r.values?.kind === 'PERSON' && r.values.name ? [r.values.name] : [])),
          ],
        )) as { id: string; groupId: string; memberId: string | null; chamberId: string | null; personName: string | null }[];
        const listed = new Map(existing.map((e) => [e.memberId ? `m:${e.memberId}` : e.chamberId ? `c:${e.chamberId}` : `p:${e.personName}`, e]));
        for (const row of good) {
          const v = row.values as CampaignRowValues;
          const key = v.memberId ? `m:${v.memberId}` : v.chamberId ? `c:${v.chamberId}` : `p:${v.name}`;
          const before = listed.get(key);
          if (!before) continue;
          if (before.groupId === v.groupId) row.matchedId = before.id;
          else {
            const column = v.kind === 'CHAMBER' ? 'chamber' : 'name';
            fail(row, error(column, v.kind === 'CHAMBER' ? v.chamberName : v.name, 'ALREADY_IN_CAMPAIGN', M.ALREADY_IN_CAMPAIGN({ group: groupNames.get(before.groupId) ?? before.groupId })));
          }
        }
      },
    };
  }
}
