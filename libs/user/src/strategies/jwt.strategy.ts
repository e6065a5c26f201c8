import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { Caller } from '@crm/auth';
import { AppConfig, isUuid, UnauthenticatedError } from '@crm/shared';
import { UserEntity } from '../entities/user.entity';
import { AccessTokenClaims, JWT_ALGORITHM } from '../services/token.service';

/**
 * Verifies the bearer token (algorithm, issuer and audience pinned) and loads the caller.
 * One primary-key read per request keeps a disabled account or a changed password effective
 * at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a
      // PEM public key on every request (and throws), which cost ~10% of a request's CPU.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET as string, 'utf8')) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<Caller> {
    // A malformed subject must be refused here, not reach the uuid column as a database error.
    if (!isUuid(claims.sub) || !Number.isInteger(claims.ver)) {
      throw new UnauthenticatedError('The access token is not valid');
    }
    // Raw, on the hot path of every request: the one primary-key read, no entity hydration.
    const [user] = (await this.dataSource.query(
      `SELECT id, email, role, active, token_version AS "tokenVersion", county_code AS "countyCode", chamber_id AS "chamberId",
              party_committee_id AS "partyCommitteeId", official_id AS "officialId"
       FROM app_user WHERE id = $1`,
      [claims.sub],
    )) as Pick<UserEntity, 'id' | 'email' | 'role' | 'active' | 'tokenVersion' | 'countyCode' | 'chamberId' | 'partyCommitteeId' | 'officialId'>[];
    if (!user) throw new UnauthenticatedError('The access token is not valid');
    if (!user.active) throw new UnauthenticatedError('This account is disabled; ask an administrator');
    if (user.tokenVersion !== claims.ver) {
      throw new UnauthenticatedError('This session has ended (signed out or password changed); sign in again');
    }
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      countyCode: user.countyCode,
      chamberId: user.chamberId,
      partyCommitteeId: user.partyCommitteeId,
      officialId: user.officialId,
    };
  }
}
