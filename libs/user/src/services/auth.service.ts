import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@crm/audit';
import { Caller, CallerCache } from '@crm/auth';
import { AppConfig, RequestContext } from '@crm/shared';
import { AuthPayloadDto } from '../dtos/auth-payload.dto';
import { ChangePasswordInput } from '../dtos/inputs/change-password.input';
import { LoginFailureEntity } from '../entities/login-failure.entity';
import { UserErrors } from '../exceptions/user.errors';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { UserEntity, userAuditSnapshot } from '../entities/user.entity';
import { PasswordService } from './password.service';
import { hashRefreshToken, TokenService } from './token.service';

const ENTITY = 'User';

/** Advisory-lock classes (first key of the two-key form) serialising the sign-in throttle. */
const LOCK_LOGIN_EMAIL = 0x6c6f6701;
const LOCK_LOGIN_IP = 0x6c6f6702;

const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/**
 * What is stored about the typed email of a failed sign-in. People type their password into
 * the email box; anything that is not shaped like an email is kept only as a hash, which still
 * works as a throttle key but says nothing.
 */
function storableLogin(email: string): string {
  return EMAIL_SHAPE.test(email) ? email : `sha256:${createHash('sha256').update(email, 'utf8').digest('hex')}`;
}

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
    private readonly callers: CallerCache,
  ) {}

  /**
   * Signs in. An unknown email and a wrong password get the same answer after the same work;
   * after LOGIN_MAX_FAILURES failures for an email (or four times that from one address) within
   * the window, attempts are refused until the window moves on.
   */
  async login(rawEmail: string, password: string): Promise<AuthPayloadDto> {
    const email = rawEmail.trim().toLowerCase();
    const ip = RequestContext.get()?.ip ?? null;
    // The attempt is counted before the password is checked (and uncounted if it succeeds), so
    // attempts fired in parallel cannot all slip under the limit before any failure is written.
    const attemptId = await this.reserveAttempt(email, ip);

    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { email } });
    const ok = user ? await this.passwords.verify(user.passwordHash, password) : await this.passwords.verifyAgainstDummy(password);

    if (!user || !ok) {
      // The reserved attempt row stays: it is this failure.
      await this.audit.recordAlone({
        operation: 'auth.loginFailed',
        entityType: ENTITY,
        entityId: user?.id ?? null,
        actor: null,
        metadata: { email: storableLogin(email) },
      });
      throw UserErrors.BAD_CREDENTIALS();
    }
    if (!user.active) {
      await this.dataSource.transaction(async (em) => {
        await em.delete(LoginFailureEntity, { id: attemptId });
        await this.audit.record(em, { operation: 'auth.loginRefused', entityType: ENTITY, entityId: user.id, actor: actorOf(user), metadata: { reason: 'disabled' } });
      });
      throw UserErrors.ACCOUNT_DISABLED();
    }

    const outcome = await this.dataSource.transaction(async (em) => {
      // The password was checked without a lock. Under the user's row lock (the order every
      // session-ending change uses), make sure nothing that ends sessions happened since: a
      // password reset, a disable or a logout everywhere would otherwise miss this new session.
      const current = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('u.id = :id', { id: user.id })
        .setLock('for_no_key_update')
        .getOne();
      if (!current || !current.active || current.passwordHash !== user.passwordHash || current.tokenVersion !== user.tokenVersion) {
        return { stale: true as const };
      }
      await em.update(UserEntity, { id: user.id }, { lastLoginAt: () => 'now()' });
      await em.delete(LoginFailureEntity, { email: storableLogin(email) });
      await this.audit.record(em, { operation: 'auth.login', entityType: ENTITY, entityId: user.id, actor: actorOf(user) });
      return { payload: await this.tokens.issue(em, current) };
    });
    if ('stale' in outcome) throw UserErrors.ACCOUNT_CHANGED_DURING_SIGN_IN();
    return outcome.payload;
  }

  /**
   * Trades a refresh token for a new pair. A token is good once: presenting it again means a
   * copy is loose, so the whole family is revoked and the caller must sign in again.
   */
  async refresh(token: string): Promise<AuthPayloadDto> {
    const hash = hashRefreshToken(token);
    const outcome = await this.dataSource.transaction(async (em) => {
      const found = await em.findOne(RefreshTokenEntity, { where: { tokenHash: hash }, select: { id: true, userId: true } });
      if (!found) return { error: UserErrors.REFRESH_TOKEN_INVALID };
      // Lock order, as in every path that ends sessions (password change, disable, reset,
      // logout): the user row first, then refresh tokens. A refresh and a revocation of the same
      // user thus run one after the other, so a revocation never misses the token a concurrent
      // refresh is issuing, and the two cannot deadlock.
      const user = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('u.id = :id', { id: found.userId })
        .setLock('for_no_key_update')
        .getOne();
      const row = await em
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .where('t.id = :id', { id: found.id })
        .setLock('pessimistic_write')
        .getOne();
      if (!row || !user) return { error: UserErrors.REFRESH_TOKEN_INVALID };
      if (row.usedAt || row.revokedAt) {
        // Someone holds a copy: end the family, and every access token already issued (the
        // thief's included); the user's other devices refresh, the thief cannot.
        await this.tokens.revokeFamily(em, row.familyId);
        await em.update(UserEntity, { id: user.id }, { tokenVersion: () => 'token_version + 1' });
        await this.audit.record(em, {
          operation: 'auth.refreshReused',
          entityType: ENTITY,
          entityId: user.id,
          actor: actorOf(user),
          metadata: { familyId: row.familyId, alreadyRevoked: !!row.revokedAt && !row.usedAt },
        });
        return { error: UserErrors.REFRESH_TOKEN_REUSED, endedSessionsOf: user.id };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: UserErrors.SESSION_EXPIRED };
      if (!user.active) {
        await this.tokens.revokeFamily(em, row.familyId);
        await this.audit.record(em, { operation: 'auth.refreshRefused', entityType: ENTITY, entityId: user.id, actor: actorOf(user), metadata: { familyId: row.familyId, reason: 'disabled' } });
        return { error: UserErrors.ACCOUNT_DISABLED };
      }
      await em.update(RefreshTokenEntity, { id: row.id }, { usedAt: () => 'now()' });
      await this.audit.record(em, { operation: 'auth.refresh', entityType: ENTITY, entityId: user.id, actor: actorOf(user), metadata: { familyId: row.familyId } });
      return { payload: await this.tokens.issue(em, user, row.familyId) };
    });
    // The refusal is thrown after the transaction: the revocations above must commit.
    if (outcome.endedSessionsOf) this.callers.forgetUser(outcome.endedSessionsOf);
    if (outcome.error) throw outcome.error();
    return outcome.payload;
  }

  /**
   * Ends a session: the family of the given refresh token, or with `everywhere` every session
   * of the caller, including access tokens already issued.
   */
  async logout(caller: Caller, refreshToken: string | undefined, everywhere: boolean): Promise<boolean> {
    const done = await this.dataSource.transaction(async (em) => {
      // The user row first (see refresh): a refresh in flight finishes before, or waits.
      if (everywhere) {
        await em.increment(UserEntity, { id: caller.id }, 'tokenVersion', 1);
        await this.tokens.revokeAllForUser(em, caller.id);
      } else if (refreshToken) {
        await em
          .getRepository(UserEntity)
          .createQueryBuilder('u')
          .select('u.id')
          .where('u.id = :id', { id: caller.id })
          .setLock('for_no_key_update')
          .getOne();
        const row = await em.findOne(RefreshTokenEntity, { where: { tokenHash: hashRefreshToken(refreshToken), userId: caller.id } });
        if (!row) throw UserErrors.NOT_YOUR_REFRESH_TOKEN({}, { field: 'refreshToken' });
        await this.tokens.revokeFamily(em, row.familyId);
      } else {
        throw UserErrors.LOGOUT_NEEDS_TOKEN({}, { field: 'refreshToken' });
      }
      await this.audit.record(em, { operation: 'auth.logout', entityType: ENTITY, entityId: caller.id, metadata: { everywhere } });
      return true;
    });
    // Committed: the token version moved on, so this process stops accepting the old tokens now.
    if (everywhere) this.callers.forgetUser(caller.id);
    return done;
  }

  /**
   * Changes one's own password; every other session ends, and this one gets fresh tokens.
   * Wrong current passwords count against the sign-in limit, so a stolen access token cannot
   * be used to guess the password. The check runs under the user's row lock, so a concurrent
   * administrator reset is not silently overwritten.
   */
  async changePassword(caller: Caller, input: ChangePasswordInput): Promise<AuthPayloadDto> {
    if (input.newPassword === input.currentPassword) {
      throw UserErrors.PASSWORD_UNCHANGED({}, { field: 'input.newPassword' });
    }
    if (input.newPassword.toLowerCase().includes(caller.email.split('@')[0].toLowerCase())) {
      throw UserErrors.PASSWORD_CONTAINS_EMAIL({}, { field: 'input.newPassword' });
    }
    const attemptId = await this.reserveAttempt(caller.email, RequestContext.get()?.ip ?? null);
    const passwordHash = await this.passwords.hash(input.newPassword);
    const outcome = await this.dataSource.transaction(async (em: EntityManager) => {
      const user = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('u.id = :id', { id: caller.id })
        .setLock('for_no_key_update')
        .getOneOrFail();
      if (!(await this.passwords.verify(user.passwordHash, input.currentPassword))) {
        // Committed as is: the reserved attempt stays, counting this wrong guess.
        await this.audit.record(em, { operation: 'auth.changePasswordFailed', entityType: ENTITY, entityId: user.id });
        return { wrongPassword: true as const };
      }
      await em.delete(LoginFailureEntity, { id: attemptId });
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
      return { payload: await this.tokens.issue(em, after) };
    });
    if ('wrongPassword' in outcome) throw UserErrors.WRONG_CURRENT_PASSWORD({}, { field: 'input.currentPassword' });
    this.callers.forgetUser(caller.id);
    return outcome.payload;
  }

  /**
   * Refuses the attempt when the email (or the address) is over the limit, and otherwise
   * records it as a failure until it succeeds. Check and insert happen under advisory locks on
   * the email and the address, so concurrent attempts are counted one after the other.
   * Returns the id of the recorded attempt.
   */
  private async reserveAttempt(email: string, ip: string | null): Promise<string> {
    const windowSeconds = this.config.LOGIN_FAILURE_WINDOW_SECONDS;
    const max = this.config.LOGIN_MAX_FAILURES;
    const key = storableLogin(email);
    const throttled = await this.dataSource.transaction(async (em) => {
      // Always the email's lock first, then the address's: no two attempts wait on each other in a cycle.
      await em.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [LOCK_LOGIN_EMAIL, key]);
      if (ip !== null) await em.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [LOCK_LOGIN_IP, ip]);
      const [row] = (await em.query(
        `SELECT
           (SELECT count(*) FROM login_failure WHERE email = $1 AND failed_at > now() - make_interval(secs => $3))::int AS by_email,
           (SELECT count(*) FROM login_failure WHERE ip = $2 AND failed_at > now() - make_interval(secs => $3))::int AS by_ip`,
        [key, ip, windowSeconds],
      )) as { by_email: number; by_ip: number }[];
      if (row.by_email >= max || (ip !== null && row.by_ip >= max * 4)) return { throttled: true as const };
      const result = await em.insert(LoginFailureEntity, { email: key, ip });
      return { throttled: false as const, id: String((result.identifiers[0] as { id: string | number }).id) };
    });
    if (throttled.throttled) {
      throw UserErrors.TOO_MANY_SIGN_IN_FAILURES({ minutes: Math.ceil(windowSeconds / 60) }, { extensions: { retryAfterSeconds: windowSeconds } });
    }
    return throttled.id;
  }
}
