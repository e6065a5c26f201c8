import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller } from '@crm/auth';
import {
  AppConfig,
  BadInputError,
  RequestContext,
  TooManyRequestsError,
  UnauthenticatedError,
} from '@crm/shared';
import { AuthPayloadDto } from '../dtos/auth-payload.dto';
import { ChangePasswordInput } from '../dtos/inputs/change-password.input';
import { LoginFailureEntity } from '../entities/login-failure.entity';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { UserEntity, userAuditSnapshot } from '../entities/user.entity';
import { PasswordService } from './password.service';
import { hashRefreshToken, TokenService } from './token.service';

const BAD_CREDENTIALS = 'Email or password is incorrect';
const ENTITY = 'User';

function actorOf(user: UserEntity) {
  return { id: user.id, email: user.email, role: user.role };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Signs in. An unknown email and a wrong password get the same answer after the same work;
   * after LOGIN_MAX_FAILURES failures for an email (or four times that from one address) within
   * the window, attempts are refused until the window moves on.
   */
  async login(rawEmail: string, password: string): Promise<AuthPayloadDto> {
    const email = rawEmail.trim().toLowerCase();
    const ip = RequestContext.get()?.ip ?? null;
    await this.assertNotThrottled(email, ip);

    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { email } });
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyAgainstDummy(password);

    if (!user || !ok) {
      await this.dataSource.transaction(async (em) => {
        await em.insert(LoginFailureEntity, { email: email.slice(0, 320), ip });
        await this.audit.record(em, {
          operation: 'auth.loginFailed',
          entityType: ENTITY,
          entityId: user?.id ?? null,
          actor: null,
          metadata: { email: email.slice(0, 320) },
        });
      });
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    if (!user.active) {
      await this.audit.recordAlone({ operation: 'auth.loginRefused', entityType: ENTITY, entityId: user.id, actor: actorOf(user), metadata: { reason: 'disabled' } });
      throw new UnauthenticatedError('This account is disabled; ask an administrator');
    }

    return this.dataSource.transaction(async (em) => {
      await em.update(UserEntity, { id: user.id }, { lastLoginAt: () => 'now()' });
      await em.delete(LoginFailureEntity, { email });
      await this.audit.record(em, { operation: 'auth.login', entityType: ENTITY, entityId: user.id, actor: actorOf(user) });
      return this.tokens.issue(em, user);
    });
  }

  /**
   * Trades a refresh token for a new pair. A token is good once: presenting it again means a
   * copy is loose, so the whole family is revoked and the caller must sign in again.
   */
  async refresh(token: string): Promise<AuthPayloadDto> {
    const outcome = await this.dataSource.transaction(async (em) => {
      const row = await em
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .innerJoinAndSelect('t.user', 'u')
        .where('t.token_hash = :hash', { hash: hashRefreshToken(token) })
        .setLock('pessimistic_write', undefined, ['t'])
        .getOne();
      if (!row || !row.user) return { error: 'The refresh token is not valid; sign in again' };
      const user = row.user;
      if (row.usedAt || row.revokedAt) {
        await this.tokens.revokeFamily(em, row.familyId);
        await this.audit.record(em, {
          operation: 'auth.refreshReused',
          entityType: ENTITY,
          entityId: user.id,
          actor: actorOf(user),
          metadata: { familyId: row.familyId, alreadyRevoked: !!row.revokedAt && !row.usedAt },
        });
        return { error: 'This refresh token was already used or revoked; the session has been ended, sign in again' };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'The session has expired; sign in again' };
      if (!user.active) {
        await this.tokens.revokeFamily(em, row.familyId);
        return { error: 'This account is disabled; ask an administrator' };
      }
      await em.update(RefreshTokenEntity, { id: row.id }, { usedAt: () => 'now()' });
      await this.audit.record(em, { operation: 'auth.refresh', entityType: ENTITY, entityId: user.id, actor: actorOf(user), metadata: { familyId: row.familyId } });
      return { payload: await this.tokens.issue(em, user, row.familyId) };
    });
    if ('error' in outcome) throw new UnauthenticatedError(outcome.error);
    return outcome.payload;
  }

  /**
   * Ends a session: the family of the given refresh token, or with `everywhere` every session
   * of the caller, including access tokens already issued.
   */
  async logout(caller: Caller, refreshToken: string | undefined, everywhere: boolean): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      if (everywhere) {
        await this.tokens.revokeAllForUser(em, caller.id);
        await em.increment(UserEntity, { id: caller.id }, 'tokenVersion', 1);
      } else if (refreshToken) {
        const row = await em.findOne(RefreshTokenEntity, { where: { tokenHash: hashRefreshToken(refreshToken), userId: caller.id } });
        if (!row) throw BadInputError.field('refreshToken', 'is not a refresh token of yours');
        await this.tokens.revokeFamily(em, row.familyId);
      } else {
        throw BadInputError.field('refreshToken', 'give the refresh token to end, or everywhere: true');
      }
      await this.audit.record(em, { operation: 'auth.logout', entityType: ENTITY, entityId: caller.id, metadata: { everywhere } });
      return true;
    });
  }

  /** Changes one's own password; every other session ends, and this one gets fresh tokens. */
  async changePassword(caller: Caller, input: ChangePasswordInput): Promise<AuthPayloadDto> {
    const user = await this.dataSource.getRepository(UserEntity).findOneOrFail({ where: { id: caller.id } });
    if (!(await this.passwords.verify(user.passwordHash, input.currentPassword))) {
      throw BadInputError.field('input.currentPassword', 'The current password is incorrect');
    }
    if (input.newPassword === input.currentPassword) {
      throw BadInputError.field('input.newPassword', 'The new password must differ from the current one');
    }
    if (input.newPassword.toLowerCase().includes(user.email.split('@')[0].toLowerCase())) {
      throw BadInputError.field('input.newPassword', 'The new password must not contain your email name');
    }
    const passwordHash = await this.passwords.hash(input.newPassword);
    return this.dataSource.transaction(async (em: EntityManager) => {
      const before = userAuditSnapshot(user);
      await em.update(UserEntity, { id: user.id }, {
        passwordHash,
        mustChangePassword: false,
        tokenVersion: () => 'token_version + 1',
        version: () => 'version + 1',
      });
      await this.tokens.revokeAllForUser(em, user.id);
      const after = await em.findOneOrFail(UserEntity, { where: { id: user.id } });
      await this.audit.record(em, { operation: 'auth.changePassword', entityType: ENTITY, entityId: user.id, before, after: userAuditSnapshot(after) });
      return this.tokens.issue(em, after);
    });
  }

  private async assertNotThrottled(email: string, ip: string | null): Promise<void> {
    const windowSeconds = this.config.LOGIN_FAILURE_WINDOW_SECONDS;
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM login_failure WHERE email = $1 AND failed_at > now() - make_interval(secs => $3))::int AS by_email,
         (SELECT count(*) FROM login_failure WHERE ip = $2 AND failed_at > now() - make_interval(secs => $3))::int AS by_ip`,
      [email, ip, windowSeconds],
    )) as { by_email: number; by_ip: number }[];
    const max = this.config.LOGIN_MAX_FAILURES;
    if (row.by_email >= max || (ip !== null && row.by_ip >= max * 4)) {
      throw new TooManyRequestsError(
        `Too many failed sign-in attempts; try again in ${Math.ceil(windowSeconds / 60)} minutes`,
        windowSeconds,
      );
    }
  }
}
