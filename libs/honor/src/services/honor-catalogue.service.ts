import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import { requestLoader } from '@crm/shared';
import { CreateHonorTypeInput, HonorTypeBenefitInput, UpdateHonorTypeInput } from '../dtos/inputs/honor-catalogue.inputs';
import { HonorTypeDto } from '../dtos/honor-type.dto';
import { HonorErrors } from '../exceptions/honor.errors';
import { checkVersion, translateHonorError } from '../utils/honor-db-errors';

/** The type's columns with its benefits as JSON, over alias `t`. */
export const HONOR_TYPE_SQL = `
  SELECT t.id, t.name, t.subject_kind AS "subjectKind", t.awarding_body AS "awardingBody", t.level, t.recurs_yearly AS "recursYearly",
         t.quota_per_round AS "quotaPerRound", t.grants_designation::text AS "grantsDesignation", t.description, t.active, t.version,
         coalesce((SELECT json_agg(json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'yearly', b.yearly, 'retired', b.retired)
                                   ORDER BY b.retired, b.position, b.name)
                     FROM honor_type_benefit b WHERE b.honor_type_id = t.id), '[]'::json) AS benefits
    FROM honor_type t`;

/**
 * The honour catalogue: an editable list of honour types and the benefits each brings. Reference
 * data every honour reader sees; only the office (HonorManage) changes it. Every change audited.
 */
@Injectable()
export class HonorCatalogueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(includeRetired: boolean): Promise<HonorTypeDto[]> {
    return (await this.dataSource.query(`${HONOR_TYPE_SQL} ${includeRetired ? '' : 'WHERE t.active'} ORDER BY t.active DESC, t.name`)) as HonorTypeDto[];
  }

  /** Types by id for the fields of a page (one statement per request). */
  load(req: object, id: string): Promise<HonorTypeDto | null> {
    return requestLoader<string, HonorTypeDto | null>(req, 'honor.type', async (ids) => {
      const rows = (await this.dataSource.query(`${HONOR_TYPE_SQL} WHERE t.id = ANY($1::uuid[])`, [[...ids]])) as HonorTypeDto[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((i) => byId.get(i) ?? null);
    }).load(id);
  }

  /** Types by id, one statement (a page's types, handed out preloaded). */
  async byIds(ids: string[]): Promise<Map<string, HonorTypeDto>> {
    const rows = (await this.dataSource.query(`${HONOR_TYPE_SQL} WHERE t.id = ANY($1::uuid[])`, [ids])) as HonorTypeDto[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  async get(em: EntityManager, id: string, field: string, lock = false): Promise<HonorTypeDto> {
    const [row] = (await em.query(`${HONOR_TYPE_SQL} WHERE t.id = $1 ${lock ? 'FOR UPDATE OF t' : ''}`, [id])) as HonorTypeDto[];
    if (!row) throw HonorErrors.UNKNOWN_TYPE({ id }, { field });
    return row;
  }

  async create(caller: Caller, input: CreateHonorTypeInput): Promise<HonorTypeDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const [{ id }] = (await em.query(
          `INSERT INTO honor_type (name, subject_kind, awarding_body, level, recurs_yearly, quota_per_round, grants_designation, description)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [input.name, input.subjectKind, input.awardingBody, input.level, input.recursYearly ?? false, input.quotaPerRound ?? null, input.grantsDesignation ?? null, input.description ?? null],
        )) as { id: string }[];
        await this.replaceBenefits(em, id, input.benefits ?? []);
        const after = await this.get(em, id, 'id');
        await this.audit.record(em, { operation: 'honorType.create', entityType: 'HonorType', entityId: id, after: { ...after } });
        return after;
      });
    } catch (error) {
      throw translateHonorError(error, { typeName: input.name, fields: { name: 'input.name' } });
    }
  }

  async update(caller: Caller, id: string, input: UpdateHonorTypeInput): Promise<HonorTypeDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const before = await this.get(em, id, 'id', true);
        checkVersion(before.version, input.version);
        const kind = input.subjectKind ?? before.subjectKind;
        const designation = input.grantsDesignation !== undefined ? input.grantsDesignation : before.grantsDesignation;
        if (designation && kind !== 'MEMBER') throw HonorErrors.DESIGNATION_NEEDS_MEMBER({}, { field: 'input.grantsDesignation' });
        await em.query(
          `UPDATE honor_type SET name = $2, subject_kind = $3, awarding_body = $4, level = $5, recurs_yearly = $6, quota_per_round = $7,
                  grants_designation = $8, description = $9, active = $10, version = version + 1, updated_at = now() WHERE id = $1`,
          [
            id,
            input.name ?? before.name,
            kind,
            input.awardingBody ?? before.awardingBody,
            input.level ?? before.level,
            input.recursYearly ?? before.recursYearly,
            input.quotaPerRound !== undefined ? input.quotaPerRound : before.quotaPerRound,
            designation,
            input.description !== undefined ? input.description : before.description,
            input.active ?? before.active,
          ],
        );
        if (input.benefits) await this.replaceBenefits(em, id, input.benefits);
        const after = await this.get(em, id, 'id');
        await this.audit.record(em, { operation: 'honorType.update', entityType: 'HonorType', entityId: id, before: { ...before }, after: { ...after } });
        return after;
      });
    } catch (error) {
      throw translateHonorError(error, { typeName: input.name, fields: { name: 'input.name', subjectKind: 'input.subjectKind' } });
    }
  }

  /** The list replaced whole: by name, kept or added in the given order; the rest retired (due records point at them). */
  private async replaceBenefits(em: EntityManager, typeId: string, benefits: HonorTypeBenefitInput[]): Promise<void> {
    const names = new Set<string>();
    benefits.forEach((b, i) => {
      if (names.has(b.name)) throw HonorErrors.TYPE_NAME_TAKEN({ name: b.name }, { field: `input.benefits.${i}.name` });
      names.add(b.name);
    });
    await em.query(`UPDATE honor_type_benefit SET retired = true WHERE honor_type_id = $1 AND NOT (name = ANY($2::text[]))`, [typeId, [...names]]);
    if (!benefits.length) return;
    await em.query(
      `INSERT INTO honor_type_benefit (honor_type_id, name, kind, yearly, position, retired)
       SELECT $1, r.name, r.kind::honor_benefit_kind, r.yearly, r.position, false
         FROM jsonb_to_recordset($2::jsonb) AS r(name text, kind text, yearly boolean, position int)
       ON CONFLICT (honor_type_id, name) DO UPDATE SET kind = EXCLUDED.kind, yearly = EXCLUDED.yearly, position = EXCLUDED.position, retired = false`,
      [typeId, JSON.stringify(benefits.map((b, position) => ({ name: b.name, kind: b.kind, yearly: b.yearly, position })))],
    );
  }
}
