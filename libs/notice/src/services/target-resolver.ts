import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Caller, Role } from '@crm/auth';
import { RegionService } from '@crm/region';
import { FlowTargetInput, FlowTargetKind } from '../dtos/flow-target.input';
import { NoticeErrors } from '../exceptions/notice.errors';

const KIND_ZH: Readonly<Record<FlowTargetKind, string>> = {
  [FlowTargetKind.AllChambers]: '全部商会',
  [FlowTargetKind.Province]: '某省商会',
  [FlowTargetKind.ChamberSubtree]: '某商会及下级商会',
  [FlowTargetKind.Counties]: '县市区',
  [FlowTargetKind.PartyOrganisations]: '党组织',
  [FlowTargetKind.MembersWithDesignation]: '具有某称号的会员',
  [FlowTargetKind.MembersWithHonour]: '获某荣誉的会员',
};

/** Where resolved recipients are kept: the notice's recipients or the meeting's invitees. */
export interface RecipientTable {
  table: 'notice_recipient' | 'meeting_invitee';
  parentColumn: 'notice_id' | 'meeting_id';
  /** Whether the table keeps the members a member-based rule matched. */
  keepsMembers: boolean;
}

/** What a sender is as the author of a notice (kept on the notice for the sender's scope). */
export interface SenderUnit {
  kind: 'OFFICE' | 'COUNTY' | 'CHAMBER';
  countyCode: string | null;
  chamberId: string | null;
}

/**
 * Turns a target rule into its recipients, inside the sender's scope, with one INSERT … SELECT
 * (2,500 chambers are one statement, not 2,500). The office sends anywhere; a county office to
 * itself and to the chambers of members from its county (member-based rules); a secretariat to
 * the chambers below its own (a subtree under it, or member-based rules there). Anything else is
 * refused with the field at fault before a row is written.
 */
@Injectable()
export class TargetResolver {
  constructor(private readonly regions: RegionService) {}

  senderOf(caller: Caller): SenderUnit {
    if (caller.role === Role.Admin) return { kind: 'OFFICE', countyCode: null, chamberId: null };
    if (caller.role === Role.CountyOfficer && caller.countyCode) return { kind: 'COUNTY', countyCode: caller.countyCode, chamberId: null };
    if (caller.role === Role.ChamberSecretary && caller.chamberId) return { kind: 'CHAMBER', countyCode: null, chamberId: caller.chamberId };
    throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: '任意对象' }, { field: 'input.target.kind' });
  }

  /** Inserts the recipients of `target` under `parentId`; returns how many. */
  async insert(em: EntityManager, caller: Caller, target: FlowTargetInput, into: RecipientTable, parentId: string, field = 'input.target'): Promise<number> {
    const { sql, params } = await this.select(em, caller, target, field);
    const members = into.keepsMembers ? ', member_ids' : '';
    const rows = (await em.query(
      `INSERT INTO ${into.table} (${into.parentColumn}, kind, chamber_id, county_code, party_organization_id, label${members})
       SELECT $1, r.kind::flow_recipient_kind, r.chamber_id, r.county_code, r.party_organization_id, r.label${into.keepsMembers ? ', r.member_ids' : ''} FROM (${sql}) r
       RETURNING 1`,
      [parentId, ...params],
    )) as unknown[];
    if (!rows.length) throw NoticeErrors.NO_RECIPIENTS({}, { field });
    return rows.length;
  }

  /** The SELECT giving (kind, chamber_id, county_code, party_organization_id, label, member_ids); parameters start at $2. */
  private async select(em: EntityManager, caller: Caller, t: FlowTargetInput, field: string): Promise<{ sql: string; params: unknown[] }> {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length + 1}`;
    };
    const outside = (): never => {
      throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: KIND_ZH[t.kind] }, { field: `${field}.kind` });
    };
    const need = (value: unknown, name: string): void => {
      if (value === null || value === undefined || (Array.isArray(value) && !value.length)) {
        throw NoticeErrors.TARGET_INCOMPLETE({ kind: KIND_ZH[t.kind], needs: name }, { field: `${field}.${name}` });
      }
    };
    const isAdmin = caller.role === Role.Admin;
    const isSecretary = caller.role === Role.ChamberSecretary && !!caller.chamberId;
    const isCounty = caller.role === Role.CountyOfficer && !!caller.countyCode;
    if (!isAdmin && !isSecretary && !isCounty) outside();
    // A secretariat's chambers: strictly below its own.
    const below = (alias: string): string => (isSecretary ? ` AND ${alias}.ancestor_ids @> ARRAY[${p(caller.chamberId)}::uuid]` : '');
    const chamberRow = (alias: string) => `'CHAMBER' AS kind, ${alias}.id AS chamber_id, NULL::char(6) AS county_code, NULL::uuid AS party_organization_id, ${alias}.name::varchar AS label`;

    switch (t.kind) {
      case FlowTargetKind.AllChambers:
        if (!isAdmin) outside();
        return { sql: `SELECT ${chamberRow('c')}, '{}'::uuid[] AS member_ids FROM chamber c WHERE c.status = 'ACTIVE'`, params };
      case FlowTargetKind.Province:
        need(t.provinceCode, 'provinceCode');
        if (!isAdmin) outside();
        return { sql: `SELECT ${chamberRow('c')}, '{}'::uuid[] AS member_ids FROM chamber c WHERE c.status = 'ACTIVE' AND c.province_code = ${p(t.provinceCode)}`, params };
      case FlowTargetKind.ChamberSubtree: {
        need(t.chamberId, 'chamberId');
        const [root] = (await em.query(`SELECT id, ancestor_ids::text[] AS "ancestorIds" FROM chamber WHERE id = $1`, [t.chamberId])) as { id: string; ancestorIds: string[] }[];
        if (!root) throw NoticeErrors.TARGET_UNKNOWN({ value: t.chamberId as string }, { field: `${field}.chamberId` });
        if (isCounty) outside();
        if (isSecretary && !(root.id === caller.chamberId || root.ancestorIds.includes(caller.chamberId as string))) {
          throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: KIND_ZH[t.kind] }, { field: `${field}.chamberId` });
        }
        const r = p(t.chamberId);
        return {
          sql: `SELECT ${chamberRow('c')}, '{}'::uuid[] AS member_ids FROM chamber c WHERE c.status = 'ACTIVE' AND (c.id = ${r}::uuid OR c.ancestor_ids @> ARRAY[${r}::uuid])${below('c')}`,
          params,
        };
      }
      case FlowTargetKind.Counties: {
        need(t.countyCodes, 'countyCodes');
        const codes = [...new Set(t.countyCodes as string[])];
        for (const [i, code] of codes.entries()) {
          if (!(await this.regions.isHomeCounty(code))) throw NoticeErrors.TARGET_UNKNOWN({ value: code }, { field: `${field}.countyCodes.${i}` });
          if (!isAdmin && !(isCounty && code === caller.countyCode)) throw NoticeErrors.TARGET_OUTSIDE_SCOPE({ kind: KIND_ZH[t.kind] }, { field: `${field}.countyCodes.${i}` });
        }
        return {
          sql: `SELECT 'COUNTY' AS kind, NULL::uuid AS chamber_id, r.code AS county_code, NULL::uuid AS party_organization_id, r.name::varchar AS label, '{}'::uuid[] AS member_ids
                  FROM region r WHERE r.code = ANY(${p(codes)}::char(6)[])`,
          params,
        };
      }
      case FlowTargetKind.PartyOrganisations: {
        if (!t.partyOrganizationIds?.length && !t.partyCommitteeId) need(null, 'partyOrganizationIds');
        if (!isAdmin) outside();
        const ids = [...new Set(t.partyOrganizationIds ?? [])];
        if (ids.length) {
          const found = new Set(((await em.query(`SELECT id FROM party_organization WHERE id = ANY($1::uuid[]) AND status = 'ACTIVE'`, [ids])) as { id: string }[]).map((r) => r.id));
          const i = ids.findIndex((id) => !found.has(id));
          if (i >= 0) throw NoticeErrors.TARGET_UNKNOWN({ value: ids[i] }, { field: `${field}.partyOrganizationIds.${i}` });
        }
        return {
          sql: `SELECT 'PARTY_ORGANIZATION' AS kind, NULL::uuid AS chamber_id, NULL::char(6) AS county_code, o.id AS party_organization_id, o.name::varchar AS label, '{}'::uuid[] AS member_ids
                  FROM party_organization o WHERE o.status = 'ACTIVE' AND (o.id = ANY(${p(ids)}::uuid[]) OR o.root_committee_id = ${p(t.partyCommitteeId ?? null)}::uuid)`,
          params,
        };
      }
      case FlowTargetKind.MembersWithDesignation:
      case FlowTargetKind.MembersWithHonour: {
        let who: string;
        if (t.kind === FlowTargetKind.MembersWithDesignation) {
          need(t.designation, 'designation');
          who = `m.designations @> ARRAY[${p(t.designation)}]::member_designation[]`;
        } else {
          need(t.honorTypeId, 'honorTypeId');
          const [type] = (await em.query(`SELECT 1 FROM honor_type WHERE id = $1`, [t.honorTypeId])) as unknown[];
          if (!type) throw NoticeErrors.TARGET_UNKNOWN({ value: t.honorTypeId as string }, { field: `${field}.honorTypeId` });
          who = `m.id IN (SELECT a.member_id FROM honor_award a WHERE a.honor_type_id = ${p(t.honorTypeId)}::uuid AND a.status = 'ACTIVE' AND a.member_id IS NOT NULL)`;
        }
        const county = isCounty ? ` AND m.hometown_code = ${p(caller.countyCode)}` : '';
        // The members' chambers receive it, each listing its members the rule matched.
        return {
          sql: `SELECT ${chamberRow('c')}, array_agg(DISTINCT m.id) AS member_ids
                  FROM member m JOIN chamber_membership cm ON cm.member_id = m.id AND cm.left_on IS NULL
                  JOIN chamber c ON c.id = cm.chamber_id AND c.status = 'ACTIVE'
                 WHERE m.status = 'ACTIVE' AND ${who}${county}${below('c')}
                 GROUP BY c.id, c.name`,
          params,
        };
      }
      default:
        return outside();
    }
  }
}
