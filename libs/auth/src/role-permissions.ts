import { Permission } from './permission.enum';
import { Role } from './role.enum';

/** The one role → permission map. Anything not listed here is denied. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Admin]: new Set(Object.values(Permission)),
  [Role.CountyOfficer]: new Set([Permission.SelfManage, Permission.PersonalDataRead]),
  [Role.ChamberSecretary]: new Set([Permission.SelfManage, Permission.PersonalDataRead]),
  [Role.PartyOfficer]: new Set([Permission.SelfManage]),
  [Role.ProjectOfficial]: new Set([Permission.SelfManage]),
  [Role.Viewer]: new Set([Permission.SelfManage]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
