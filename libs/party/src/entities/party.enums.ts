/** 党工委 status: a dissolved committee frees its province for a new one. */
export enum PartyCommitteeStatus {
  Active = 'ACTIVE',
  Dissolved = 'DISSOLVED',
}

/** Roles in a committee or a unit's leadership: 书记, 副书记, 委员. */
export enum PartyLeaderRole {
  Secretary = 'SECRETARY',
  DeputySecretary = 'DEPUTY_SECRETARY',
  Member = 'MEMBER',
}

/** 党委, 党总支, 党支部, 联合党支部, 拓展型党支部. */
export enum PartyOrgKind {
  Committee = 'COMMITTEE',
  GeneralBranch = 'GENERAL_BRANCH',
  Branch = 'BRANCH',
  JointBranch = 'JOINT_BRANCH',
  ExpandedBranch = 'EXPANDED_BRANCH',
}

/** Kinds that are branches (支部): they hold party members and have no sub-units. */
export const BRANCH_KINDS: readonly PartyOrgKind[] = [PartyOrgKind.Branch, PartyOrgKind.JointBranch, PartyOrgKind.ExpandedBranch];

export enum PartyOrgStatus {
  Active = 'ACTIVE',
  Dissolved = 'DISSOLVED',
  Merged = 'MERGED',
}

/** The bodies that help manage a unit (多方管理). */
export enum PartyManagerKind {
  HostChamber = 'HOST_CHAMBER',
  LocalPartyCommittee = 'LOCAL_PARTY_COMMITTEE',
  CountyOrganizationDepartment = 'COUNTY_ORGANIZATION_DEPARTMENT',
  WorkingCommittee = 'WORKING_COMMITTEE',
  Other = 'OTHER',
}

/** 预备党员 or 正式党员. */
export enum PartyMemberStanding {
  Probationary = 'PROBATIONARY',
  Full = 'FULL',
}

export enum PartyMemberStatus {
  Active = 'ACTIVE',
  TransferredOut = 'TRANSFERRED_OUT',
  Deceased = 'DECEASED',
  Removed = 'REMOVED',
}

/** 转入 / 转出. */
export enum PartyTransferDirection {
  In = 'IN',
  Out = 'OUT',
}

/** 三会一课 and the other organisation-life meetings. */
export enum PartyMeetingKind {
  GeneralAssembly = 'GENERAL_ASSEMBLY',
  BranchCommittee = 'BRANCH_COMMITTEE',
  GroupMeeting = 'GROUP_MEETING',
  PartyLecture = 'PARTY_LECTURE',
  ThemedDay = 'THEMED_DAY',
  LifeMeeting = 'LIFE_MEETING',
  DemocraticReview = 'DEMOCRATIC_REVIEW',
}

export enum PartyMeetingMode {
  OnSite = 'ON_SITE',
  Online = 'ONLINE',
}

export enum PartyMeetingStatus {
  Planned = 'PLANNED',
  Held = 'HELD',
}

export enum PartyAttendance {
  Present = 'PRESENT',
  OnLeave = 'ON_LEAVE',
  Absent = 'ABSENT',
}

/** 优秀, 合格, 基本合格, 不合格. */
export enum PartyEvaluationGrade {
  Excellent = 'EXCELLENT',
  Qualified = 'QUALIFIED',
  BasicallyQualified = 'BASICALLY_QUALIFIED',
  Unqualified = 'UNQUALIFIED',
}
