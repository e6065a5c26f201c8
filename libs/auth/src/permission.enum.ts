/**
 * Every permission in the system. A resolver declares exactly one with @RequirePermission;
 * roles get them through ROLE_PERMISSIONS. Which rows a permission reaches is the access
 * scope's business (AccessService), not the permission's.
 */
export enum Permission {
  /** Read and change one's own account (me, changePassword, logout). */
  SelfManage = 'self:manage',
  UserRead = 'user:read',
  UserManage = 'user:manage',
  AuditRead = 'audit:read',
  /** Reference data: GB/T 2260 regions. */
  RegionRead = 'region:read',
  ChamberRead = 'chamber:read',
  /** Create and edit chambers, their lifecycle, leadership and guild hall (within scope). */
  ChamberManage = 'chamber:manage',
  /** Read members and enterprises (within scope; personal data masked without PersonalDataRead). */
  MemberRead = 'member:read',
  /** Create and edit members, their memberships, enterprises and political roles (within scope). */
  MemberManage = 'member:manage',
  /** Import members from spreadsheets (within scope; rows outside it are refused). */
  MemberImport = 'member:import',
  /** Export the members a filter selects (within scope; masked without PersonalDataRead; audited). */
  MemberExport = 'member:export',
  /** Find duplicate members and merge them (all of them within scope). */
  MemberMerge = 'member:merge',
  /** Read party committees, organisations, party members (within scope), organisation life and coverage. */
  PartyRead = 'party:read',
  /** Keep party organisations, party members and organisation-life records (within scope). */
  PartyManage = 'party:manage',
  /** Read the officials' directory (干部; contact phones masked without PersonalDataRead). */
  OfficialRead = 'official:read',
  /** Add and edit officials (within scope: a county office its county's). */
  OfficialManage = 'official:manage',
  /** Read visits, campaigns and their reports (within scope). */
  VisitRead = 'visit:read',
  /** Record and edit visits, and record a campaign assignment's visit (within scope). */
  VisitManage = 'visit:manage',
  /** Create campaigns, their groups and assignments. */
  CampaignManage = 'campaign:manage',
  /** Read opinions and requests (意见建议) with their answers and history (within scope). */
  FeedbackRead = 'feedback:read',
  /** Raise an opinion (in a visit, or on behalf of a member or chamber in scope). */
  FeedbackRaise = 'feedback:raise',
  /** Assign, answer, close, rate and reopen opinions (within scope). */
  FeedbackHandle = 'feedback:handle',
  /** Read the honour catalogue and rounds, and nominations, awards and benefits within scope. */
  HonorRead = 'honor:read',
  /** Nominate members (and, for secretariats, chambers) for honours within scope; withdraw one's nominations. */
  HonorNominate = 'honor:nominate',
  /** Keep the honour catalogue and rounds, decide nominations, confirm, revoke and deliver benefits (the office). */
  HonorManage = 'honor:manage',
  /** Export a round's published list and certificates (masked without PersonalDataRead; audited). */
  HonorExport = 'honor:export',
  /** See ID numbers and phones in clear (PIPL); every such read is audited. */
  PersonalDataRead = 'personal-data:read',
  /** A secretariat's own staff accounts: list, add (temporary password), disable and enable; its own chamber only. */
  StaffManage = 'staff:manage',
}
