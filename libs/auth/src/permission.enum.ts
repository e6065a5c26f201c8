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
  /** Read notices sent to one's unit or sent by it, their receipts and returns (within scope). */
  NoticeRead = 'notice:read',
  /** Send notices to targets within scope, remind recipients, collect and export returns. */
  NoticeSend = 'notice:send',
  /** Acknowledge (签收) notices sent to one's unit and submit its returns. */
  NoticeRespond = 'notice:respond',
  /** Read requests upward (请示/需求) raised by one's unit or handled by the office. */
  RequestRead = 'request:read',
  /** Raise a request upward for one's chamber or county, and write in its thread. */
  RequestRaise = 'request:raise',
  /** Route, answer and close requests; keep the category → desk table (the office). */
  RequestHandle = 'request:handle',
  /** Read meetings one's unit is invited to, and their registrations (within scope). */
  EventRead = 'event:read',
  /** Create meetings, invite by target, check delegates in, export lists (the office). */
  EventManage = 'event:manage',
  /** Register and cancel delegates of one's unit for a meeting it is invited to. */
  EventRegister = 'event:register',
  /** See ID numbers and phones in clear (PIPL); every such read is audited. */
  PersonalDataRead = 'personal-data:read',
  /** Read returning-investment projects, their funds in place, officials, problems and complaints (within scope). */
  ProjectRead = 'project:read',
  /** Create and edit projects, move stages, record funds in place, assign officials, handle problems and complaints (within scope). */
  ProjectManage = 'project:manage',
  /** Post progress notes and raise problems on projects in scope (a project official: the assigned ones). */
  ProjectProgress = 'project:progress',
  /** Read the investment reports and export the monthly report (within scope). */
  ProjectReport = 'project:report',
  /** Set the annual investment targets and the stall-risk thresholds (the office). */
  InvestmentTargetManage = 'investment-target:manage',
  /** Create, list and revoke API keys (integrations; the office's). */
  ApiKeyManage = 'api-key:manage',
  /** Keep webhook subscriptions, their deliveries, pings and redeliveries (an API key's `webhooks:manage`). */
  WebhookManage = 'webhook:manage',
  /** A secretariat's own staff accounts: list, add (temporary password), disable and enable; its own chamber only. */
  StaffManage = 'staff:manage',
}
