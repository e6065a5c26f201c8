import { UnauthenticatedError } from '@crm/shared';
import { Role } from './role.enum';

/** The authenticated user of a request, as the access rules see it. */
export interface Caller {
  id: string;
  email: string;
  role: Role;
  countyCode: string | null;
  chamberId: string | null;
  partyCommitteeId: string | null;
  officialId: string | null;
}

/** What the caller check reads of an account (the `app_user` columns it decides on). */
export interface CallerRow extends Caller {
  active: boolean;
  tokenVersion: number;
}

/** The claims of an access token the caller check relies on. */
export interface CallerClaims {
  sub: string;
  ver: number;
}

/**
 * The one decision on a verified token's account, whether the row comes from the database or
 * from the caller cache: both paths call this, so they cannot disagree.
 */
export function callerFromRow(claims: CallerClaims, row: CallerRow | undefined): Caller {
  if (!row) throw new UnauthenticatedError('The access token is not valid');
  if (!row.active) throw new UnauthenticatedError('This account is disabled; ask an administrator');
  if (row.tokenVersion !== claims.ver) {
    throw new UnauthenticatedError('This session has ended (signed out or password changed); sign in again');
  }
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    countyCode: row.countyCode,
    chamberId: row.chamberId,
    partyCommitteeId: row.partyCommitteeId,
    officialId: row.officialId,
  };
}
