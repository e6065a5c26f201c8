import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { bearerToken, Caller, CallerCache, callerFromRow, CallerRow } from '@crm/auth';
import { AppConfig, isUuid, UnauthenticatedError } from '@crm/shared';
import { AccessTokenClaims, JWT_ALGORITHM } from '../services/token.service';

/**
 * Verifies the bearer token (algorithm, issuer and audience pinned) and loads the caller: the
 * first time a token is seen, or when the CallerCache no longer holds its account (see
 * AccessGuard). One primary-key read keeps a disabled account or a changed password effective
 * at once rather than when the token expires; the token and the row it read go to the cache.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CallerCache,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
      // PEM public key on every request (and throws), which cost ~10% of a request's CPU.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET as string, 'utf8')) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(req: Request, claims: AccessTokenClaims & { exp?: number }): Promise<Caller> {
    // A malformed subject must be refused here, not reach the uuid column as a database error.
    if (!isUuid(claims.sub) || !Number.isInteger(claims.ver)) {
      throw new UnauthenticatedError('The access token is not valid');
    }
    const token = bearerToken(req);
    if (token && typeof claims.exp === 'number') this.cache.rememberToken(token, { sub: claims.sub, ver: claims.ver, exp: claims.exp });
    const stamp = this.cache.stamp();
    // Raw, on the hot path: the one primary-key read, no entity hydration.
    const [row] = (await this.dataSource.query(
      `SELECT id, email, role, active, token_version AS "tokenVersion", county_code AS "countyCode", chamber_id AS "chamberId",
              party_committee_id AS "partyCommitteeId", official_id AS "officialId",
              must_change_password AS "mustChangePassword"
       FROM app_user WHERE id = $1`,
      [claims.sub],
    )) as CallerRow[];
    if (row) this.cache.rememberUser(row, stamp);
    return callerFromRow(claims, row);
  }
}
