import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller, Role } from '@crm/auth';
import { RegionService, toPinyin } from '@crm/region';
import { byKeys, ConnectionResult, escapeLike, keysetPage, NotFoundError, requestLoader } from '@crm/shared';
import { EnterprisesArgs } from '../dtos/args/enterprises.args';
import { EnterpriseDto } from '../dtos/enterprise.dto';
import { CreateEnterpriseInput, UpdateEnterpriseInput } from '../dtos/inputs/enterprise.inputs';
import { EnterpriseEntity } from '../entities/enterprise.entity';
import { creditCodeProblem, MemberErrors } from '../exceptions/member.errors';
import { parseCreditCode } from '../utils/credit-code';
import { industryOf, INDUSTRY_DIVISIONS } from '../utils/industry';
import { translateMemberError } from '../utils/member-db-errors';

const ENTITY = 'Enterprise';
function enterpriseSnapshot(e: EnterpriseEntity): Record<string, unknown> {
  return { name: e.name, creditCode: e.creditCode, industryCode: e.industryCode, regionCode: e.regionCode, size: e.size };
}

/**
 * Enterprises: business data, read by everyone who reads members. Changed by admins, or by a
 * caller who may change a member linked to the enterprise (or when no member is linked yet).
 */
@Injectable()
export class EnterpriseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<EnterpriseEntity> {
    const enterprise = await this.dataSource.getRepository(EnterpriseEntity).findOneBy({ id });
    if (!enterprise) throw new NotFoundError(ENTITY, id);
    return enterprise;
  }

  load(req: object, id: string): Promise<EnterpriseEntity | null> {
    return this.loader(req).load(id);
  }

  /** Hands enterprises a caller already read (joined to links) to this request's loader. */
  prime(req: object, enterprises: EnterpriseEntity[]): void {
    const loader = this.loader(req);
    for (const e of enterprises) loader.prime(e.id, e);
  }

  private loader(req: object) {
    return requestLoader<string, EnterpriseEntity | null>(req, 'enterprise', async (ids) =>
      byKeys(ids, await this.dataSource.getRepository(EnterpriseEntity).findBy({ id: In([...ids]) }), (e) => e.id),
    );
  }

  /** Enterprises in pinyin order of name, keyset-paginated. */
  list(args: EnterprisesArgs): Promise<ConnectionResult<EnterpriseDto>> {
    const qb = this.dataSource.getRepository(EnterpriseEntity).createQueryBuilder('e');
    const f = args.filter;
    if (f?.name) this.whereNameMatches(qb, 'e', f.name);
    if (f?.creditCode) qb.andWhere('e.credit_code = :creditCode', { creditCode: f.creditCode });
    if (f?.industryCode) {
      // A section letter also finds enterprises classified by one of its divisions.
      const divisions = /^[A-T]$/.test(f.industryCode) ? INDUSTRY_DIVISIONS.filter((d) => d.section === f.industryCode).map((d) => d.code) : [];
      qb.andWhere('e.industry_code IN (:...industryCodes)', { industryCodes: [f.industryCode, ...divisions] });
    }
    if (f?.regionCode) qb.andWhere('e.region_code = :regionCode', { regionCode: f.regionCode });
    return keysetPage(qb, { keys: ['e.name_pinyin', 'e.id'], direction: 'ASC', first: args.first, after: args.after }, EnterpriseDto.from);
  }

  /**
   * Adds "the enterprise name contains `term`" to a query over `alias`: two characters through
   * the bigram index (no trigram in two characters), more through the trigram index.
   */
  whereNameMatches(qb: { andWhere(sql: string, params: Record<string, unknown>): unknown }, alias: string, term: string, param = 'enterpriseName'): void {
    const t = term.replace(/\s+/g, '').toLowerCase();
    if ([...t].length === 2) qb.andWhere(`${alias}.search_keys @> ARRAY[:${param}]::text[]`, { [param]: t });
    else qb.andWhere(`${alias}.name ILIKE :${param}`, { [param]: `%${escapeLike(t)}%` });
  }

  async create(caller: Caller, input: CreateEnterpriseInput): Promise<EnterpriseEntity> {
    try {
      return await this.dataSource.transaction((em) => this.createIn(em, input, 'input'));
    } catch (error) {
      throw translateMemberError(error, { creditCodeField: 'input.creditCode' });
    }
  }

  /** Creates an enterprise inside a transaction; `field` is where its input sits (`input.enterprises.0.enterprise`). */
  async createIn(em: EntityManager, input: CreateEnterpriseInput, field: string): Promise<EnterpriseEntity> {
    const values = await this.checked(em, input, field, null);
    const result = await em.insert(EnterpriseEntity, {
      name: input.name,
      namePinyin: toPinyin(input.name),
      creditCode: values.creditCode,
      industryCode: input.industryCode ?? null,
      regionCode: input.regionCode ?? null,
      size: input.size ?? null,
    });
    const enterprise = await em.findOneByOrFail(EnterpriseEntity, { id: (result.identifiers[0] as { id: string }).id });
    await this.audit.record(em, { operation: 'enterprise.create', entityType: ENTITY, entityId: enterprise.id, after: enterpriseSnapshot(enterprise) });
    return enterprise;
  }

  /**
   * The enterprises a batch names (an import's rows), already validated: those with a known
   * credit code are found, the rest created in one statement and audited in one more. Returns
   * the id for each item, in order; items with the same credit code get the same enterprise.
   */
  async ensureMany(em: EntityManager, items: { name: string; creditCode?: string | null; industryCode?: string | null }[], actor?: AuditRecord['actor']): Promise<string[]> {
    const codes = [...new Set(items.map((e) => e.creditCode).filter((c): c is string => !!c))];
    const byCode = new Map<string, string>();
    // bpchar[], the column's own type: compared as text[] the unique index is not used (a scan
    // of every enterprise per batch, 13 ms at 90,000).
    const known = async () => {
      const missing = codes.filter((c) => !byCode.has(c));
      if (!missing.length) return;
      for (const e of (await em.query(`SELECT id, credit_code AS "creditCode" FROM enterprise WHERE credit_code = ANY($1::bpchar[])`, [missing])) as { id: string; creditCode: string }[]) {
        byCode.set(e.creditCode, e.id);
      }
    };
    await known();
    const wanted = new Map<string, { id: string; name: string; name_pinyin: string; credit_code: string | null; industry_code: string | null }>();
    const withoutCode: { index: number; id: string }[] = [];
    items.forEach((e, index) => {
      if (e.creditCode && (byCode.has(e.creditCode) || wanted.has(e.creditCode))) return;
      const row = { id: randomUUID(), name: e.name, name_pinyin: toPinyin(e.name), credit_code: e.creditCode ?? null, industry_code: e.industryCode ?? null };
      if (e.creditCode) wanted.set(e.creditCode, row);
      else {
        withoutCode.push({ index, id: row.id });
        wanted.set(`#${index}`, row);
      }
    });
    if (wanted.size) {
      // A credit code another writer (the other import connection) inserts meanwhile is not an
      // error: this insert waits for it, skips the code, and reads its id below.
      const created = (await em.query(
        `INSERT INTO enterprise (id, name, name_pinyin, credit_code, industry_code)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, name_pinyin text, credit_code char(18), industry_code text)
         ON CONFLICT (credit_code) WHERE credit_code IS NOT NULL DO NOTHING
         RETURNING id, name, credit_code AS "creditCode", industry_code AS "industryCode"`,
        [JSON.stringify([...wanted.values()])],
      )) as { id: string; name: string; creditCode: string | null; industryCode: string | null }[];
      for (const e of created) if (e.creditCode) byCode.set(e.creditCode, e.id);
      await known();
      await this.audit.recordMany(
        em,
        created.map((e) => ({
          operation: 'enterprise.create',
          entityType: ENTITY,
          entityId: e.id,
          after: { name: e.name, creditCode: e.creditCode, industryCode: e.industryCode },
          ...(actor !== undefined ? { actor } : {}),
        })),
      );
    }
    const noCode = new Map(withoutCode.map((x) => [x.index, x.id]));
    return items.map((e, index) => (e.creditCode ? (byCode.get(e.creditCode) as string) : (noCode.get(index) as string)));
  }

  /**
   * New enterprises described in full (region and size included) under ids the caller chose,
   * in one INSERT and one audit statement whatever their number. For a batch that knows its
   * enterprises are new and wants stable ids (the scale seed: the same seed gives the same
   * rows); `ensureMany` is for batches that may name existing ones. Values are taken as
   * checked; a credit code already taken fails on the unique index.
   */
  async createMany(
    em: EntityManager,
    items: {
      id: string;
      name: string;
      creditCode?: string | null;
      industryCode?: string | null;
      regionCode?: string | null;
      size?: EnterpriseEntity['size'];
    }[],
    audit: { operation: string; metadata?: Record<string, unknown>; actor?: AuditRecord['actor'] },
  ): Promise<void> {
    if (!items.length) return;
    const rows = items.map((e) => ({
      id: e.id,
      name: e.name,
      name_pinyin: toPinyin(e.name),
      credit_code: e.creditCode ?? null,
      industry_code: e.industryCode ?? null,
      region_code: e.regionCode ?? null,
      size: e.size ?? null,
    }));
    await em.query(
      `INSERT INTO enterprise (id, name, name_pinyin, credit_code, industry_code, region_code, size)
       SELECT r.id, r.name, r.name_pinyin, r.credit_code, r.industry_code, r.region_code, r.size
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, name text, name_pinyin text, credit_code char(18), industry_code text, region_code char(6), size enterprise_size)`,
      [JSON.stringify(rows)],
    );
    await this.audit.recordMany(
      em,
      rows.map((e) => ({
        operation: audit.operation,
        entityType: ENTITY,
        entityId: e.id,
        after: { name: e.name, creditCode: e.credit_code, industryCode: e.industry_code, regionCode: e.region_code, size: e.size },
        metadata: audit.metadata,
        ...(audit.actor !== undefined ? { actor: audit.actor } : {}),
      })),
    );
  }

  async update(caller: Caller, id: string, input: UpdateEnterpriseInput): Promise<EnterpriseEntity> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const before = await em.getRepository(EnterpriseEntity).createQueryBuilder('e').where('e.id = :id', { id }).setLock('pessimistic_write').getOne();
        if (!before) throw new NotFoundError(ENTITY, id);
        await this.assertMayChange(em, caller, before);
        if (before.version !== input.version) {
          throw MemberErrors.ENTERPRISE_STALE_VERSION(
            { enterprise: before.name, current: before.version, read: input.version },
            { field: 'input.version', extensions: { currentVersion: before.version } },
          );
        }
        const values = await this.checked(em, { ...input, creditCode: input.creditCode ?? undefined }, 'input', id);
        const name = input.name ?? before.name;
        await em.update(EnterpriseEntity, { id }, {
          name,
          namePinyin: toPinyin(name),
          creditCode: input.creditCode === undefined ? before.creditCode : input.creditCode === null ? null : values.creditCode,
          industryCode: input.industryCode === undefined ? before.industryCode : input.industryCode,
          regionCode: input.regionCode === undefined ? before.regionCode : input.regionCode,
          size: input.size === undefined ? before.size : input.size,
          version: () => 'version + 1',
        });
        const after = await em.findOneByOrFail(EnterpriseEntity, { id });
        await this.audit.record(em, { operation: 'enterprise.update', entityType: ENTITY, entityId: id, before: enterpriseSnapshot(before), after: enterpriseSnapshot(after) });
        return after;
      });
    } catch (error) {
      throw translateMemberError(error, { creditCodeField: 'input.creditCode' });
    }
  }

  /** The enterprise if it exists, for a link; BAD_USER_INPUT on `field` otherwise. */
  async requireForLink(em: EntityManager, id: string, field: string): Promise<EnterpriseEntity> {
    const enterprise = await em.findOneBy(EnterpriseEntity, { id });
    if (!enterprise) throw MemberErrors.UNKNOWN_ENTERPRISE({ id }, { field });
    return enterprise;
  }

  private async assertMayChange(em: EntityManager, caller: Caller, enterprise: EnterpriseEntity): Promise<void> {
    if (caller.role === Role.Admin) return;
    const scope = this.access.write('Member', caller, 'm');
    const [row] = (await em.query(
      ...this.escape(
        `SELECT NOT EXISTS (SELECT 1 FROM member_enterprise l WHERE l.enterprise_id = :id) AS unlinked,
                EXISTS (SELECT 1 FROM member_enterprise l JOIN member m ON m.id = l.member_id WHERE l.enterprise_id = :id AND ${scope.sql}) AS mine`,
        { ...scope.params, id: enterprise.id },
      ),
    )) as { unlinked: boolean; mine: boolean }[];
    if (!row?.unlinked && !row?.mine) throw MemberErrors.ENTERPRISE_OUTSIDE_SCOPE({ enterprise: enterprise.name });
  }

  private escape(sql: string, params: Record<string, unknown>): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
  }

  /** Checks the fields given; returns the normalised credit code. */
  private async checked(
    em: EntityManager,
    input: { creditCode?: string | null; industryCode?: string | null; regionCode?: string | null },
    field: string,
    selfId: string | null,
  ): Promise<{ creditCode: string | null }> {
    let creditCode: string | null = null;
    if (input.creditCode) {
      const parsed = parseCreditCode(input.creditCode);
      if (!parsed.ok) throw MemberErrors.INVALID_CREDIT_CODE({ problem: creditCodeProblem(parsed.reason) }, { field: `${field}.creditCode` });
      creditCode = parsed.value;
      const [holder] = (await em.query(`SELECT id, name FROM enterprise WHERE credit_code = $1 AND id IS DISTINCT FROM $2::uuid`, [creditCode, selfId])) as {
        id: string;
        name: string;
      }[];
      if (holder) {
        throw MemberErrors.CREDIT_CODE_TAKEN({ holder: holder.name }, { field: `${field}.creditCode`, extensions: { enterpriseId: holder.id } });
      }
    }
    if (input.industryCode && !industryOf(input.industryCode)) {
      throw MemberErrors.UNKNOWN_INDUSTRY({ code: input.industryCode }, { field: `${field}.industryCode` });
    }
    if (input.regionCode) await this.regions.require(input.regionCode, `${field}.regionCode`);
    return { creditCode };
  }
}
