import { Permission } from './permission.enum';
import { Role } from './role.enum';

/**
 * What every signed-in role may do: its own account, its own audit events (`auditEvents`: the
 * audit scope gives non-admins only what they did themselves), and read regions and chambers.
 */
const READ_REFERENCE = [Permission.SelfManage, Permission.AuditRead, Permission.RegionRead, Permission.ChamberRead];

/** Keeping the members of one's scope. */
const MEMBER_WORK = [Permission.MemberRead, Permission.MemberManage, Permission.MemberImport, Permission.MemberExport, Permission.MemberMerge];

/** Visits and opinions (issue 13): who reads, records and follows them up. */
const VISIT_READ = [Permission.OfficialRead, Permission.VisitRead, Permission.FeedbackRead];
const VISIT_WORK = [...VISIT_READ, Permission.VisitManage, Permission.FeedbackRaise, Permission.FeedbackHandle];
/** Honours: nominating and reading within scope (the office decides: HonorManage is the admin's). */
const HONOR_WORK = [Permission.HonorRead, Permission.HonorNominate, Permission.HonorExport];
/** Returning-investment projects (issue 15): reading and reporting, keeping them, posting progress. */
const PROJECT_READ = [Permission.ProjectRead, Permission.ProjectReport];
const PROJECT_WORK = [...PROJECT_READ, Permission.ProjectManage, Permission.ProjectProgress];

/** Information flow (issue 16): units receive, answer and raise; the office (and counties, parent chambers) send. */
const FLOW_RECEIVE = [Permission.NoticeRead, Permission.NoticeRespond, Permission.RequestRead, Permission.RequestRaise, Permission.EventRead, Permission.EventRegister];

/** The one role → permission map. Anything not listed here is denied. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Admin]: new Set(Object.values(Permission)),
  [Role.CountyOfficer]: new Set([...READ_REFERENCE, ...MEMBER_WORK, Permission.PartyRead, Permission.PersonalDataRead, ...VISIT_WORK, Permission.OfficialManage, ...HONOR_WORK, ...PROJECT_WORK, ...FLOW_RECEIVE, Permission.NoticeSend]),
  // Party data reaches a secretariat masked whatever this set says (the party member rule).
  [Role.ChamberSecretary]: new Set([...READ_REFERENCE, Permission.ChamberManage, ...MEMBER_WORK, Permission.PartyRead, Permission.PersonalDataRead, ...VISIT_READ, Permission.FeedbackRaise, ...HONOR_WORK, ...PROJECT_READ, ...FLOW_RECEIVE, Permission.NoticeSend, Permission.StaffManage]),
  // Party and project roles reach members through their own modules (party members, project investors).
  [Role.PartyOfficer]: new Set([...READ_REFERENCE, Permission.PartyRead, Permission.PartyManage, Permission.PersonalDataRead, Permission.OfficialRead, Permission.NoticeRead, Permission.NoticeRespond, Permission.EventRead]),
  [Role.ProjectOfficial]: new Set([...READ_REFERENCE, ...VISIT_READ, Permission.VisitManage, Permission.FeedbackHandle, Permission.ProjectRead, Permission.ProjectProgress]),
  // The office-wide read-only role: every member and party member, personal data masked.
  [Role.Viewer]: new Set([...READ_REFERENCE, Permission.MemberRead, Permission.PartyRead, ...VISIT_READ, Permission.HonorRead, Permission.HonorExport, ...PROJECT_READ, Permission.NoticeRead, Permission.RequestRead, Permission.EventRead]),
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.has(permission) ?? false;
}
