import { UnauthenticatedError } from '@crm/shared';
import { Permission } from './permission.enum';
import { roleHasPermission } from './role-permissions';
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
  /**
   * Set for an API key (issue 17): exactly what the key's scopes grant, in place of its role's
   * permissions. The role then only carries the key's row scope (see @crm/integration).
   */
  permissions?: ReadonlySet<Permission>;
  /** The API key this request came with, when the caller is a key rather than a person. */
  apiKeyId?: string;
  /**
   * The account still has a temporary password: the access guard lets only SelfManage
   * operations through (me, changePassword, logout) until it is changed.
   */
  mustChangePassword?: boolean;
}

/** Whether the caller holds `permission`: a key's scopes, or a person's role. */
export function callerHasPermission(caller: Caller, permission: Permission): boolean {
  return caller.permissions ? caller.permissions.has(permission) : roleHasPermission(caller.role, permission);
}

/** What the caller check reads of an account (the `app_user` columns it decides on). */
export interface CallerRow extends Caller {
  active: boolean;
  tokenVersion: number;
  mustChangePassword: boolean;
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
    ...(row.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}
