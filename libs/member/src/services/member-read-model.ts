import { Injectable } from '@nestjs/common';
import { Caller } from '@crm/auth';
import { ChamberReadModel } from '@crm/chamber';
import { declarePreloadable, FieldSelection, leanColumns, leanJson, ReadModel, rowFromJson, withPreloaded } from '@crm/shared';
import { EnterpriseDto } from '../dtos/enterprise.dto';
import { ChamberMembershipDto, MemberEnterpriseDto } from '../dtos/member-links.dto';
import { MemberDto } from '../dtos/member.dto';
import { ChamberMembershipEntity } from '../entities/chamber-membership.entity';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { EnterpriseRole } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';

type MemberRow = Omit<MemberEntity, 'hometown' | 'currentRegion' | 'mergedInto' | 'searchKeys' | 'chamberIds' | 'phoneKeys' | 'registeredByUser'>;

/**
 * The member table for lean reads. Dates and enum arrays are cast to text so the raw row has
 * the entity's shape (TypeORM reads a `date` as 'YYYY-MM-DD' and parses enum arrays itself).
 */
export const MEMBER_READ_MODEL: ReadModel<MemberRow> = {
  typeName: 'Member',
  columns: {
    id: '{a}.id',
    name: '{a}.name',
    namePinyin: '{a}.name_pinyin',
    nameInitials: '{a}.name_initials',
    gender: '{a}.gender',
    birthDate: '{a}.birth_date::text',
    idNumber: '{a}.id_number',
    phones: '{a}.phones',
    wechat: '{a}.wechat',
    email: '{a}.email',
    address: '{a}.address',
    hometownCode: '{a}.hometown_code',
    currentRegionCode: '{a}.current_region_code',
    designations: '{a}.designations::text[]',
    tags: '{a}.tags',
    source: '{a}.source',
    sourceNote: '{a}.source_note',
    registeredBy: '{a}.registered_by',
    registeredAt: '{a}.registered_at',
    status: '{a}.status',
    mergedIntoId: '{a}.merged_into_id',
    note: '{a}.note',
    completeness: '{a}.completeness',
    missingFields: '{a}.missing_fields',
    version: '{a}.version',
    createdAt: '{a}.created_at',
    updatedAt: '{a}.updated_at',
  },
  always: ['id'],
  reads: {
    birthYear: ['birthDate'],
    registeredById: ['registeredBy'],
    personalDataMasked: [],
    hometown: ['hometownCode'],
    currentRegion: ['currentRegionCode'],
    memberships: [],
    positions: [],
    enterprises: [],
    politicalRoles: [],
  },
};

type EnterpriseRow = Omit<EnterpriseEntity, 'region' | 'searchKeys'>;

const ENTERPRISE_READ_MODEL: ReadModel<EnterpriseRow> = {
  typeName: 'Enterprise',
  columns: {
    id: '{a}.id',
    name: '{a}.name',
    namePinyin: '{a}.name_pinyin',
    creditCode: '{a}.credit_code',
    industryCode: '{a}.industry_code',
    regionCode: '{a}.region_code',
    size: '{a}.size',
    version: '{a}.version',
    createdAt: '{a}.created_at',
    updatedAt: '{a}.updated_at',
  },
  always: ['id'],
  timestamps: ['createdAt', 'updatedAt'],
};

/** The relations of Member a lean read brings in the member's own statement. */
const PRELOADABLE = ['memberships', 'enterprises'] as const;
declarePreloadable('Member', ...PRELOADABLE);
declarePreloadable('ChamberMembership', 'chamber');
declarePreloadable('MemberEnterprise', 'enterprise');

/** A relation read in the members' statement: its select expression, and how its JSON becomes the field's value. */
interface PreloadedRelation {
  field: (typeof PRELOADABLE)[number];
  sql: string;
  params: Record<string, unknown>;
  toValue(json: Record<string, unknown>[]): unknown;
}

/** What a lean member read selects for one request, and how a row of it becomes a MemberDto. */
export interface MemberReadPlan {
  /** `[expression, alias]` pairs over the member alias. */
  columns: [string, string][];
  params: Record<string, unknown>;
  toDto(row: Record<string, unknown>): MemberDto;
}

/**
 * Lean member reads (issue: the read path): the columns a query selects, and the relations it
 * selects (memberships with their chamber, enterprises with the enterprise) as JSON in the same
 * statement, handed to the fields as preloaded values. The relation fields' own resolvers and
 * DataLoaders stay for everything this does not preload.
 */
@Injectable()
export class MemberReadModel {
  constructor(private readonly chambers: ChamberReadModel) {}

  plan(caller: Caller, alias: string, selection: FieldSelection): MemberReadPlan {
    const columns = leanColumns(MEMBER_READ_MODEL, alias, selection);
    const relations = PRELOADABLE.map((field) => this.relation(caller, alias, field, selection.get(field))).filter((r): r is PreloadedRelation => !!r);
    const params: Record<string, unknown> = {};
    relations.forEach((r, i) => {
      columns.push([r.sql, `__rel${i}`]);
      Object.assign(params, r.params);
    });
    return {
      columns,
      params,
      toDto: (row) => {
        const dto = MemberDto.from(row as unknown as MemberEntity);
        if (!relations.length) return dto;
        const values: Record<string, unknown> = {};
        relations.forEach((r, i) => (values[r.field] = r.toValue(row[`__rel${i}`] as Record<string, unknown>[])));
        return withPreloaded(dto, values);
      },
    };
  }

  private relation(caller: Caller, alias: string, field: PreloadedRelation['field'], selection: FieldSelection | undefined): PreloadedRelation | null {
    if (!selection) return null;
    return field === 'memberships' ? this.memberships(caller, alias, selection) : this.enterprises(alias, selection);
  }

  /**
   * Memberships in the order of loadMemberships (current first, latest joined first), each with
   * every property of ChamberMembershipDto (what any of its field resolvers may read), and the
   * chamber if asked, under the chamber read rule (outside the caller's scope: null).
   */
  private memberships(caller: Caller, alias: string, selection: FieldSelection): PreloadedRelation {
    const chamberSelection = selection.get('chamber');
    const chamber = chamberSelection ? this.chambers.related(caller, chamberSelection, '__cm.chamber_id') : null;
    const json = `json_build_object('id', __cm.id, 'memberId', __cm.member_id, 'chamberId', __cm.chamber_id, 'joinedOn', __cm.joined_on, 'leftOn', __cm.left_on${chamber ? `, 'chamber', ${chamber.sql}` : ''})`;
    return {
      field: 'memberships',
      sql: `(SELECT coalesce(json_agg(${json} ORDER BY (__cm.left_on IS NULL) DESC, __cm.joined_on DESC NULLS LAST, __cm.id), '[]') FROM chamber_membership __cm WHERE __cm.member_id = ${alias}.id)`,
      params: chamber?.params ?? {},
      toValue: (rows) =>
        rows.map((r) => {
          const dto = ChamberMembershipDto.from(r as unknown as ChamberMembershipEntity);
          return chamber ? withPreloaded(dto, { chamber: chamber.toDto(r.chamber as Record<string, unknown> | null) }) : dto;
        }),
    };
  }

  /** Enterprise links in the order of loadEnterpriseLinks (every property of MemberEnterpriseDto), with the enterprise if asked. */
  private enterprises(alias: string, selection: FieldSelection): PreloadedRelation {
    const enterpriseSelection = selection.get('enterprise');
    const enterprise = enterpriseSelection ? `, 'enterprise', (SELECT ${leanJson(ENTERPRISE_READ_MODEL, '__e', enterpriseSelection)} FROM enterprise __e WHERE __e.id = __l.enterprise_id)` : '';
    const json = `json_build_object('memberId', __l.member_id, 'enterpriseId', __l.enterprise_id, 'roles', __l.roles::text[]${enterprise})`;
    return {
      field: 'enterprises',
      sql: `(SELECT coalesce(json_agg(${json} ORDER BY __l.sort_order, __l.id), '[]') FROM member_enterprise __l WHERE __l.member_id = ${alias}.id)`,
      params: {},
      toValue: (rows) =>
        rows.map((r) => {
          const link: MemberEnterpriseDto = { memberId: r.memberId as string, enterpriseId: r.enterpriseId as string, roles: r.roles as EnterpriseRole[] };
          return enterpriseSelection
            ? withPreloaded(link, { enterprise: EnterpriseDto.from(rowFromJson(ENTERPRISE_READ_MODEL, r.enterprise as Record<string, unknown>) as EnterpriseEntity) })
            : link;
        }),
    };
  }
}
