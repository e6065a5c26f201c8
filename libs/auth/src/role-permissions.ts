import { Permission } from './permission.enum';
import { Role } from './role.enum';

/**
 * What every signed-in role may do: its own account, its own audit events (`auditEvents`: the
 * audit scope gives non-admins only what they did themselves), and read regions and chambers.
 */
const READ_REFERENCE = [Permission.SelfManage, Permission.AuditRead, Permission.RegionRead, Permission.ChamberRead];

/** Keeping the members of one's scope. */
const MEMBER_WORK = [Permission.MemberRead, Permission.MemberManage, Permission.MemberImport, Permission.MemberExport, Permission.MemberMerge];

/** Honours: nominating and reading within scope (the office decides: HonorManage is the admin's). */
const HONOR_WORK = [Permission.HonorRead, Permission.HonorNominate, Permission.HonorExport];

/** The one role → permission map. Anything not listed here is denied. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Admin]: new Set(Object.values(Permission)),
  [Role.CountyOfficer]: new Set([...READ_REFERENCE, ...MEMBER_WORK, ...HONOR_WORK, Permission.PersonalDataRead]),
  [Role.ChamberSecretary]: new Set([...READ_REFERENCE, Permission.ChamberManage, ...MEMBER_WORK, ...HONOR_WORK, Permission.PersonalDataRead]),
  // Party and project roles reach members through their own modules (party members, project investors).
  [Role.PartyOfficer]: new Set(READ_REFERENCE),
  [Role.ProjectOfficial]: new Set(READ_REFERENCE),
  // The office-wide read-only role: every member, personal data masked.
  [Role.Viewer]: new Set([...READ_REFERENCE, Permission.MemberRead, Permission.HonorRead, Permission.HonorExport]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
