import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller, CallerCache, Role } from '@crm/auth';
import { RegionService } from '@crm/region';
import { AppConfig, BadInputError, ConnectionResult, FieldError, keysetPage, localized, NotFoundError } from '@crm/shared';
import { UsersArgs } from '../dtos/args/users.args';
import { UserPasswordPayloadDto } from '../dtos/create-user.payload';
import { CreateUserInput } from '../dtos/inputs/create-user.input';
import { UpdateUserInput } from '../dtos/inputs/update-user.input';
import { UserScopeInput } from '../dtos/inputs/user-scope.input';
import { CreateStaffAccountInput, SetStaffAccountActiveInput } from '../dtos/inputs/staff-account.input';
import { UserDto } from '../dtos/user.dto';
import { UserEntity, userAuditSnapshot, userScope, UserScopeColumns } from '../entities/user.entity';
import { roleText, UserErrors } from '../exceptions/user.errors';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';

const ENTITY = 'User';

type ScopeColumns = UserScopeColumns;

/** Which scope field each role needs; every other field must stay empty. */
const SCOPE_FIELD: Partial<Record<Role, keyof ScopeColumns>> = {
  [Role.CountyOfficer]: 'countyCode',
  [Role.ChamberSecretary]: 'chamberId',
  [Role.PartyOfficer]: 'partyCommitteeId',
  [Role.ProjectOfficial]: 'officialId',
};

const SCOPE_KEYS: (keyof ScopeColumns)[] = ['countyCode', 'chamberId', 'partyCommitteeId', 'officialId'];

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const name = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && name === constraint;
}

@Injectable()
export class UserService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly regions: RegionService,
    private readonly callers: CallerCache,
  ) {}

  async me(caller: Caller): Promise<UserDto> {
    return this.getVisible(caller, caller.id);
  }

  async getVisible(caller: Caller, id: string): Promise<UserDto> {
    const filter = this.access.read('User', caller, 'u');
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .andWhere(filter.sql, filter.params)
      .getOne();
    if (!user) throw new NotFoundError(ENTITY, id);
    return UserDto.from(user);
  }

  list(caller: Caller, args: UsersArgs): Promise<ConnectionResult<UserDto>> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    const scope = this.access.read('User', caller, 'u');
    qb.where(scope.sql, scope.params);
    const f = args.filter;
    if (f?.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f?.active !== undefined && f.active !== null) qb.andWhere('u.active = :active', { active: f.active });
    if (f?.search) {
      const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere("(u.email || ' ' || u.display_name) ILIKE :like", { like });
    }
    return keysetPage(qb, { keys: ['u.created_at', 'u.id'], direction: 'DESC', first: args.first, after: args.after }, UserDto.from);
  }

  async create(caller: Caller, input: CreateUserInput): Promise<UserPasswordPayloadDto> {
    this.access.assertCanManageUsers(caller);
    const scope = await this.checkScope(input.role, input.scope, 'input.scope');
    const temporaryPassword = input.password ? null : this.passwords.generate();
    const passwordHash = await this.passwords.hash(input.password ?? (temporaryPassword as string));
    const user = await this.dataSource.transaction(async (em) => {
      const created = await this.insertUser(em, {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        ...scope,
        passwordHash,
        mustChangePassword: true,
      });
      await this.audit.record(em, { operation: 'user.create', entityType: ENTITY, entityId: created.id, after: userAuditSnapshot(created) });
      return created;
    });
    return { user: UserDto.from(user), temporaryPassword };
  }

  async update(caller: Caller, id: string, input: UpdateUserInput): Promise<UserDto> {
    this.access.assertCanManageUsers(caller);
    const updated = await this.dataSource.transaction(async (em) => {
      const before = await this.lockForUpdate(em, id, input.version);
      const role = input.role ?? before.role;
      // A new role starts from an empty scope (the old one belonged to the old role): a role
      // that needs none, such as VIEWER, needs no scope in the input; one that does, says so.
      const scopeGiven = input.scope ?? undefined;
      const scope = role !== before.role || scopeGiven ? await this.checkScope(role, scopeGiven, 'input.scope') : userScope(before);
      const active = input.active ?? before.active;
      if (before.id === caller.id && (role !== Role.Admin || !active)) {
        throw UserErrors.CANNOT_DEMOTE_SELF();
      }
      if (before.role === Role.Admin && before.active && (role !== Role.Admin || !active)) {
        await this.assertAnotherActiveAdmin(em, before.id);
      }
      const endsSessions = !active || role !== before.role || SCOPE_KEYS.some((k) => scope[k] !== before[k]);
      await em.update(UserEntity, { id }, {
        displayName: input.displayName ?? before.displayName,
        role,
        ...scope,
        active,
        version: () => 'version + 1',
        ...(endsSessions ? { tokenVersion: () => 'token_version + 1' } : {}),
      });
      if (endsSessions) await this.tokens.revokeAllForUser(em, id);
      const after = await em.findOneOrFail(UserEntity, { where: { id } });
      const operation = before.active && !after.active ? 'user.disable' : !before.active && after.active ? 'user.enable' : 'user.update';
      await this.audit.record(em, { operation, entityType: ENTITY, entityId: id, before: userAuditSnapshot(before), after: userAuditSnapshot(after) });
      return UserDto.from(after);
    });
    // Committed: this process's next request by the user reads the account again (others hear
    // the NOTIFY of the app_user trigger).
    this.callers.forgetUser(id);
    return updated;
  }

  /** The accounts of the caller's own secretariat (secretaries of exactly its chamber), by name. */
  async listStaff(caller: Caller): Promise<UserDto[]> {
    if (!caller.chamberId) return [];
    const scope = this.access.read('User', caller, 'u');
    const rows = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(scope.sql, scope.params)
      .andWhere('u.role = :role AND u.chamber_id = :chamberId', { role: Role.ChamberSecretary, chamberId: caller.chamberId })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
    return rows.map(UserDto.from);
  }

  /**
   * A secretariat adds a colleague: a chamber secretary of exactly the caller's chamber (never a
   * chamber below or another role), with a temporary password to change at first sign-in. Audited.
   */
  async createStaff(caller: Caller, input: CreateStaffAccountInput): Promise<UserPasswordPayloadDto> {
    if (caller.role !== Role.ChamberSecretary || !caller.chamberId) throw UserErrors.STAFF_NO_CHAMBER();
    const scope = await this.checkScope(Role.ChamberSecretary, { chamberId: caller.chamberId }, 'chamberId');
    const temporaryPassword = this.passwords.generate();
    const passwordHash = await this.passwords.hash(temporaryPassword);
    const user = await this.dataSource.transaction(async (em) => {
      const created = await this.insertUser(em, {
        email: input.email,
        displayName: input.displayName,
        role: Role.ChamberSecretary,
        ...scope,
        passwordHash,
        mustChangePassword: true,
      });
      await this.audit.record(em, { operation: 'user.create', entityType: ENTITY, entityId: created.id, after: userAuditSnapshot(created), metadata: { by: 'secretariat' } });
      return created;
    });
    return { user: UserDto.from(user), temporaryPassword };
  }

  /** Disables or enables an account of the caller's own secretariat (not its own). Audited; disabling ends its sessions. */
  async setStaffActive(caller: Caller, id: string, input: SetStaffAccountActiveInput): Promise<UserDto> {
    if (caller.role !== Role.ChamberSecretary || !caller.chamberId) throw UserErrors.STAFF_NO_CHAMBER();
    if (id === caller.id) throw UserErrors.STAFF_NOT_SELF({}, { field: 'id' });
    const updated = await this.dataSource.transaction(async (em) => {
      const filter = this.access.filter('User', 'write', caller, 'u');
      const found = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .select('u.id')
        .where('u.id = :id', { id })
        .andWhere(filter.sql, filter.params)
        .getOne();
      // Outside the secretariat reads as absent: the caller learns nothing of other accounts.
      if (!found) throw new NotFoundError(ENTITY, id);
      const before = await this.lockForUpdate(em, id, input.version);
      if (before.active === input.active) return UserDto.from(before);
      // A secretariat enables again only what a secretariat disabled: an account an administrator
      // (or anyone else, or no recorded change) disabled stays disabled until an administrator acts.
      if (input.active && (await this.audit.lastChangeActorRole(em, ENTITY, id, 'active', false)) !== Role.ChamberSecretary) {
        throw UserErrors.STAFF_DISABLED_BY_ADMIN({}, { field: 'id' });
      }
      await em.update(UserEntity, { id }, {
        active: input.active,
        version: () => 'version + 1',
        ...(input.active ? {} : { tokenVersion: () => 'token_version + 1' }),
      });
      if (!input.active) await this.tokens.revokeAllForUser(em, id);
      const after = await em.findOneOrFail(UserEntity, { where: { id } });
      await this.audit.record(em, {
        operation: input.active ? 'user.enable' : 'user.disable',
        entityType: ENTITY,
        entityId: id,
        before: userAuditSnapshot(before),
        after: userAuditSnapshot(after),
        metadata: { by: 'secretariat' },
      });
      return UserDto.from(after);
    });
    this.callers.forgetUser(id);
    return updated;
  }

  /** Sets a new temporary password and ends every session of the user. */
  async resetPassword(caller: Caller, id: string): Promise<UserPasswordPayloadDto> {
    this.access.assertCanManageUsers(caller);
    const temporaryPassword = this.passwords.generate();
    const passwordHash = await this.passwords.hash(temporaryPassword);
    const user = await this.dataSource.transaction(async (em) => {
      const before = await this.lockForUpdate(em, id);
      await em.update(UserEntity, { id }, {
        passwordHash,
        mustChangePassword: true,
        version: () => 'version + 1',
        tokenVersion: () => 'token_version + 1',
      });
      await this.tokens.revokeAllForUser(em, id);
      const after = await em.findOneOrFail(UserEntity, { where: { id } });
      await this.audit.record(em, { operation: 'user.resetPassword', entityType: ENTITY, entityId: id, before: userAuditSnapshot(before), after: userAuditSnapshot(after) });
      return after;
    });
    this.callers.forgetUser(id);
    return { user: UserDto.from(user), temporaryPassword };
  }

  /**
   * At start-up: creates the first administrator when no active one exists. Returns the
   * account created, or null when there already is an administrator.
   */
  async ensureAdmin(email: string, password: string): Promise<UserEntity | null> {
    const passwordHash = await this.passwords.hash(password);
    return this.dataSource.transaction(async (em) => {
      // One starter at a time decides whether the first admin is missing.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:ensure-admin']);
      const existing = await em.count(UserEntity, { where: { role: Role.Admin, active: true } });
      if (existing > 0) return null;
      const user = await this.insertUser(em, {
        email: email.trim().toLowerCase(),
        displayName: '系统管理员',
        role: Role.Admin,
        countyCode: null,
        chamberId: null,
        partyCommitteeId: null,
        officialId: null,
        passwordHash,
        mustChangePassword: false,
      });
      await this.audit.record(em, { operation: 'user.create', entityType: ENTITY, entityId: user.id, actor: null, after: userAuditSnapshot(user), metadata: { reason: 'bootstrap' } });
      return user;
    });
  }

  private async insertUser(em: EntityManager, values: Partial<UserEntity>): Promise<UserEntity> {
    try {
      const result = await em.insert(UserEntity, values);
      const id = (result.identifiers[0] as { id: string }).id;
      return await em.findOneOrFail(UserEntity, { where: { id } });
    } catch (error) {
      if (isUniqueViolation(error, 'ux_app_user_email')) {
        throw UserErrors.EMAIL_TAKEN({ email: String(values.email) }, { field: 'input.email' });
      }
      throw error;
    }
  }

  /** Reads a user FOR UPDATE and, when a version is given, refuses a stale one. */
  private async lockForUpdate(em: EntityManager, id: string, version?: number): Promise<UserEntity> {
    const user = await em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!user) throw new NotFoundError(ENTITY, id);
    if (version !== undefined && user.version !== version) {
      throw UserErrors.STALE_VERSION({ current: user.version, read: version }, { field: 'input.version', extensions: { currentVersion: user.version } });
    }
    return user;
  }

  /**
   * Refuses to remove the last active administrator. Changes that remove one (disable, demote)
   * take turns on an advisory lock, so the count, a fresh statement under READ COMMITTED, sees
   * every such change committed before it: two administrators disabling each other at once
   * leave one of them. (Row locks cannot do this: `FOR SHARE` is not allowed with count(*), and
   * share-locking the other admins' rows deadlocks against their own FOR UPDATE.)
   */
  private async assertAnotherActiveAdmin(em: EntityManager, exceptId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['crm:remove-admin']);
    const [{ others }] = (await em.query(
      `SELECT count(*)::int AS others FROM app_user WHERE role = $1 AND active AND id <> $2`,
      [Role.Admin, exceptId],
    )) as { others: number }[];
    if (others === 0) throw UserErrors.LAST_ADMIN();
  }

  /**
   * The role's scope field must be set, and no other; a county must be one of the home city's
   * (region table), a chamber must exist and be preparing or active.
   */
  private async checkScope(role: Role, scope: UserScopeInput | ScopeColumns | undefined, path: string): Promise<ScopeColumns> {
    const needed = SCOPE_FIELD[role];
    const problems: FieldError[] = [];
    const result: ScopeColumns = { countyCode: null, chamberId: null, partyCommitteeId: null, officialId: null };
    for (const key of SCOPE_KEYS) {
      const value = scope?.[key] ?? null;
      if (key === needed) {
        if (!value) problems.push(UserErrors.SCOPE_FIELD_REQUIRED.fieldError(`${path}.${key}`, { key, role: roleText(role) }));
        else result[key] = value;
      } else if (value) {
        problems.push(UserErrors.SCOPE_FIELD_NOT_APPLICABLE.fieldError(`${path}.${key}`, { key, role: roleText(role) }));
      }
    }
    if (result.countyCode && !(await this.regions.isHomeCounty(result.countyCode))) {
      problems.push(UserErrors.SCOPE_NOT_HOME_COUNTY.fieldError(`${path}.countyCode`, { homeCity: this.config.HOME_REGION_CODE }));
    }
    if (result.chamberId) {
      const [chamber] = (await this.dataSource.query('SELECT name, status FROM chamber WHERE id = $1', [result.chamberId])) as { name: string; status: string }[];
      if (!chamber) problems.push(UserErrors.SCOPE_CHAMBER_UNKNOWN.fieldError(`${path}.chamberId`, { id: result.chamberId }));
      else if (chamber.status === 'MERGED' || chamber.status === 'DISSOLVED') {
        const status = localized(chamber.status.toLowerCase(), chamber.status === 'MERGED' ? '已合并' : '已撤销');
        problems.push(UserErrors.SCOPE_CHAMBER_NOT_LIVE.fieldError(`${path}.chamberId`, { chamber: chamber.name, status }));
      }
    }
    if (result.officialId) {
      // app_user.official_id is a foreign key to the officials' directory (libs/official).
      const [official] = (await this.dataSource.query('SELECT 1 FROM official WHERE id = $1', [result.officialId])) as unknown[];
      if (!official) problems.push(UserErrors.SCOPE_OFFICIAL_UNKNOWN.fieldError(`${path}.officialId`, { id: result.officialId }));
    }
    if (problems.length) throw BadInputError.fields(problems);
    return result;
  }
}
