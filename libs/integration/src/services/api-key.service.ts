import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, ApiKeyAuthenticator, Caller, Permission, Role } from '@crm/auth';
import { ChamberEntity } from '@crm/chamber';
import { RegionLevel, RegionService } from '@crm/region';
import { AppConfig, ConnectionArgs, ConnectionResult, ForbiddenError, keysetPage, NotFoundError } from '@crm/shared';
import { ApiKeyDto, CreatedApiKeyDto } from '../dtos/api-key.dto';
import { CreateApiKeyInput } from '../dtos/inputs/api-key.inputs';
import { ApiKeyEntity, ApiKeyScope } from '../entities/api-key.entity';
import { IntegrationErrors } from '../exceptions/integration.errors';
import { newApiKey, parseApiKey } from '../utils/api-key-token';
import { callerOfKey } from './key-caller';

/** What each scope grants: exactly these permissions, nothing from a role. */
export const API_KEY_SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  [ApiKeyScope.MembersRead]: [Permission.MemberRead],
  [ApiKeyScope.MembersPersonalData]: [Permission.PersonalDataRead],
  [ApiKeyScope.ChambersRead]: [Permission.ChamberRead],
  [ApiKeyScope.PartyRead]: [Permission.PartyRead],
  [ApiKeyScope.VisitsRead]: [Permission.VisitRead, Permission.FeedbackRead],
  [ApiKeyScope.ProjectsRead]: [Permission.ProjectRead],
  [ApiKeyScope.WebhooksManage]: [Permission.WebhookManage],
};

/** Regions are reference data (GB/T 2260) every key may read, as every person may. */
const ALWAYS: readonly Permission[] = [Permission.RegionRead];

export function permissionsOfScopes(scopes: readonly ApiKeyScope[]): Set<Permission> {
  return new Set([...ALWAYS, ...scopes.flatMap((s) => API_KEY_SCOPE_PERMISSIONS[s] ?? [])]);
}

interface KeyRow {
  id: string;
  prefix: string;
  scopes: ApiKeyScope[];
  chamberId: string | null;
  countyCode: string | null;
  rateLimit: number;
  expired: boolean;
  revoked: boolean;
  matches: boolean;
  requests: number | null;
  resetIn: number;
}

/**
 * API keys: made by admins for a named client, shown once, kept as a SHA-256 with a visible
 * prefix, revocable at once (every request reads the key's row). A key's caller has exactly its
 * scopes' permissions; its rows are those of the restriction, through the same row scopes people
 * have: a chamber subtree (the chamber secretariat's rule), a county (the county office's), or
 * none (the office-wide read-only viewer's).
 */
@Injectable()
export class ApiKeyService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly regions: RegionService,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.authenticator.use((token) => this.authenticate(token));
  }

  async create(caller: Caller, input: CreateApiKeyInput): Promise<CreatedApiKeyDto> {
    this.assertAdmin(caller);
    if (input.chamberId && input.countyCode) throw IntegrationErrors.ONE_RESTRICTION({}, { field: 'input.countyCode' });
    const scopes = [...new Set(input.scopes)];
    if (scopes.includes(ApiKeyScope.MembersPersonalData) && !scopes.includes(ApiKeyScope.MembersRead) && !scopes.includes(ApiKeyScope.PartyRead)) {
      throw IntegrationErrors.PERSONAL_DATA_NEEDS_MEMBERS({}, { field: 'input.scopes' });
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw IntegrationErrors.EXPIRY_IN_PAST({}, { field: 'input.expiresAt' });
    if (input.chamberId && !(await this.dataSource.getRepository(ChamberEntity).existsBy({ id: input.chamberId }))) {
      throw IntegrationErrors.UNKNOWN_CHAMBER({}, { field: 'input.chamberId' });
    }
    if (input.countyCode) {
      const region = await this.regions.require(input.countyCode, 'input.countyCode');
      if (region.level !== RegionLevel.County) throw IntegrationErrors.UNKNOWN_COUNTY({}, { field: 'input.countyCode' });
    }
    const { token, prefix, hash } = newApiKey();
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(ApiKeyEntity);
      const saved = await repo.save(
        repo.create({
          name: input.name.trim(),
          prefix,
          secretHash: hash,
          scopes,
          chamberId: input.chamberId ?? null,
          countyCode: input.countyCode ?? null,
          rateLimitPerMinute: input.rateLimitPerMinute ?? this.config.API_KEY_RATE_PER_MINUTE,
          expiresAt: input.expiresAt ?? null,
          createdBy: caller.id,
        }),
      );
      const apiKey = ApiKeyDto.from(saved);
      await this.audit.record(em, {
        operation: 'apiKey.create',
        entityType: 'ApiKey',
        entityId: saved.id,
        after: { name: apiKey.name, prefix, scopes: scopes.join(','), chamberId: apiKey.chamberId, countyCode: apiKey.countyCode, expiresAt: apiKey.expiresAt?.toISOString() ?? null },
      });
      return { apiKey, key: token };
    });
  }

  async revoke(caller: Caller, id: string): Promise<ApiKeyDto> {
    this.assertAdmin(caller);
    return this.dataSource.transaction(async (em) => {
      const key = await em.getRepository(ApiKeyEntity).createQueryBuilder('k').setLock('pessimistic_write').where('k.id = :id', { id }).getOne();
      if (!key) throw new NotFoundError('ApiKey', id);
      if (key.revokedAt) throw IntegrationErrors.KEY_ALREADY_REVOKED({}, { field: 'id' });
      key.revokedAt = new Date();
      const saved = await em.getRepository(ApiKeyEntity).save(key);
      await this.audit.record(em, { operation: 'apiKey.revoke', entityType: 'ApiKey', entityId: id, before: { revokedAt: null }, after: { revokedAt: saved.revokedAt?.toISOString() ?? null } });
      return ApiKeyDto.from(saved);
    });
  }

  list(caller: Caller, args: ConnectionArgs): Promise<ConnectionResult<ApiKeyDto>> {
    const qb = this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k');
    const scope = this.access.read('ApiKey', caller, 'k');
    qb.where(scope.sql, scope.params);
    return keysetPage(qb, { keys: ['k.created_at', 'k.id'], direction: 'DESC', first: args.first, after: args.after }, ApiKeyDto.from);
  }

  /**
   * The caller of a presented key, in one statement that also counts the request in the key's
   * current minute (api_key_usage, shared by every process) and notes the key's last use (at
   * most once a minute). Refusals: malformed, unknown, revoked, expired (UNAUTHENTICATED), over
   * the rate (TOO_MANY_REQUESTS with retryAfterSeconds).
   */
  async authenticate(token: string): Promise<Caller> {
    const parts = parseApiKey(token);
    if (!parts) throw IntegrationErrors.KEY_MALFORMED();
    const [row] = (await this.dataSource.query(
      `WITH k AS (
         SELECT id, prefix, scopes, chamber_id, county_code, rate_limit_per_minute, last_used_at,
                secret_hash = $2 AS matches, revoked_at IS NOT NULL AS revoked, expires_at IS NOT NULL AND expires_at <= now() AS expired
           FROM api_key WHERE prefix = $1
       ), ok AS (
         SELECT * FROM k WHERE matches AND NOT revoked AND NOT expired
       ), counted AS (
         INSERT INTO api_key_usage (api_key_id, window_start, requests)
         SELECT id, date_trunc('minute', now()), 1 FROM ok
         ON CONFLICT (api_key_id, window_start) DO UPDATE SET requests = api_key_usage.requests + 1
         RETURNING requests
       ), touched AS (
         UPDATE api_key a SET last_used_at = now() FROM ok
          WHERE a.id = ok.id AND (ok.last_used_at IS NULL OR ok.last_used_at < now() - interval '1 minute')
         RETURNING a.id
       )
       SELECT k.id, k.prefix, k.scopes, k.chamber_id AS "chamberId", k.county_code AS "countyCode", k.rate_limit_per_minute AS "rateLimit",
              k.matches, k.revoked, k.expired, (SELECT requests FROM counted) AS requests, (SELECT count(*) FROM touched) AS touched,
              ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS "resetIn"
         FROM k`,
      [parts.prefix, parts.hash],
    )) as KeyRow[];
    if (!row || !row.matches) throw IntegrationErrors.KEY_UNKNOWN();
    if (row.revoked) throw IntegrationErrors.KEY_REVOKED();
    if (row.expired) throw IntegrationErrors.KEY_EXPIRED();
    if ((row.requests ?? 0) > row.rateLimit) {
      const seconds = Math.max(1, row.resetIn);
      throw IntegrationErrors.KEY_RATE_LIMITED({ seconds }, { extensions: { retryAfterSeconds: seconds } });
    }
    // Old windows go now and then (the table holds a row per key and minute of use).
    if (Math.random() < 0.01) void this.dataSource.query(`DELETE FROM api_key_usage WHERE window_start < now() - interval '1 hour'`).catch(() => undefined);
    return callerOfKey(row);
  }

  private assertAdmin(caller: Caller): void {
    if (caller.role !== Role.Admin || caller.apiKeyId) throw new ForbiddenError('Only administrators manage API keys');
  }
}
