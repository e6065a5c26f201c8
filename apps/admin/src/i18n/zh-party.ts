/** Chinese for the enum values the party, visit/opinion and honour pages show (checked by test/admin-zh.spec.ts). */

// 党组织
export const PARTY_ORG_KIND: Record<string, string> = {
  COMMITTEE: '党委',
  GENERAL_BRANCH: '党总支',
  BRANCH: '党支部',
  JOINT_BRANCH: '联合党支部',
  EXPANDED_BRANCH: '拓展型党支部',
};
export const PARTY_ORG_STATUS: Record<string, string> = { ACTIVE: '正常', DISSOLVED: '已撤销', MERGED: '已合并' };
export const PARTY_COMMITTEE_STATUS: Record<string, string> = { ACTIVE: '正常', DISSOLVED: '已撤销' };
export const PARTY_LEADER_ROLE: Record<string, string> = { SECRETARY: '书记', DEPUTY_SECRETARY: '副书记', MEMBER: '委员' };
export const PARTY_MANAGER_KIND: Record<string, string> = {
  HOST_CHAMBER: '所在商会',
  WORKING_COMMITTEE: '党工委',
  LOCAL_PARTY_COMMITTEE: '属地党组织',
  COUNTY_ORGANIZATION_DEPARTMENT: '县市区委组织部',
  OTHER: '其他',
};
export const PARTY_MEMBER_STANDING: Record<string, string> = { FULL: '正式党员', PROBATIONARY: '预备党员' };
export const PARTY_MEMBER_STATUS: Record<string, string> = { ACTIVE: '在册', TRANSFERRED_OUT: '已转出', DECEASED: '已故', REMOVED: '已除名' };
export const PARTY_MEETING_KIND: Record<string, string> = {
  GENERAL_ASSEMBLY: '支部党员大会',
  BRANCH_COMMITTEE: '支委会',
  GROUP_MEETING: '党小组会',
  PARTY_LECTURE: '党课',
  THEMED_DAY: '主题党日',
  LIFE_MEETING: '组织生活会',
  DEMOCRATIC_REVIEW: '民主评议',
};
export const PARTY_MEETING_MODE: Record<string, string> = { ON_SITE: '现场', ONLINE: '线上' };
export const PARTY_MEETING_STATUS: Record<string, string> = { PLANNED: '计划', HELD: '已召开' };
/** `PartyComplianceItem.frequency` (a string in the API). */
export const PARTY_FREQUENCY: Record<string, string> = { QUARTERLY: '每季度一次', MONTHLY: '每月一次' };
export const PARTY_ATTENDANCE: Record<string, string> = { PRESENT: '出席', ON_LEAVE: '请假', ABSENT: '缺席' };

// 走访与意见建议
export const VISIT_KIND: Record<string, string> = {
  SERVICE: '走商会、送服务',
  CONDOLENCE: '慰问',
  SEMINAR: '座谈会',
  PROMOTION: '推介会',
  HOME_INSPECTION: '回乡投资考察',
  INTRODUCED_DELEGATION: '引荐考察',
};
export const VISIT_DIRECTION: Record<string, string> = { OUTBOUND: '外出走访', INBOUND: '来温考察' };
export const OFFICIAL_LEVEL: Record<string, string> = { CITY: '市级', COUNTY: '县级' };
export const FEEDBACK_CATEGORY: Record<string, string> = {
  POLICY: '政策',
  FINANCE: '融资',
  LAND: '用地',
  TALENT: '人才',
  RIGHTS: '权益保护',
  SERVICES: '政务服务',
  OTHER: '其他',
};
export const FEEDBACK_STATUS: Record<string, string> = { OPEN: '待交办', ASSIGNED: '已交办', ANSWERED: '已答复', CLOSED: '已办结' };
/** `FeedbackEvent.action` (a string in the API, not an enum). */
export const FEEDBACK_ACTION: Record<string, string> = {
  RAISED: '提出',
  ASSIGNED: '交办',
  ANSWERED: '答复',
  CLOSED: '办结',
  RATED: '评价',
  REOPENED: '重新办理',
};

// 荣誉
export const HONOR_ROUND_STATUS: Record<string, string> = { NOMINATING: '提名中', PUBLISHED: '公示中', CONFIRMED: '已确认' };
export const HONOR_NOMINATION_STATUS: Record<string, string> = {
  SUBMITTED: '待审核',
  SHORTLISTED: '已入围',
  APPROVED: '已通过',
  REJECTED: '未通过',
  WITHDRAWN: '已撤回',
  AWARDED: '已授予',
};
export const HONOR_SUBJECT_KIND: Record<string, string> = { MEMBER: '会员', CHAMBER: '商会', ENTERPRISE: '企业' };
export const HONOR_LEVEL: Record<string, string> = { NATIONAL: '国家级', PROVINCIAL: '省级', CITY: '市级', COUNTY: '县级' };
export const HONOR_AWARD_STATUS: Record<string, string> = { ACTIVE: '有效', REVOKED: '已撤销' };
export const HONOR_BENEFIT_STATUS: Record<string, string> = { DUE: '待落实', DELIVERED: '已落实', DECLINED: '本人谢绝', LAPSED: '已失效' };
export const HONOR_BENEFIT_KIND: Record<string, string> = { POLITICAL: '政治待遇', ECONOMIC: '经济待遇', SOCIAL: '社会待遇' };

/** Chinese for the enum values the party pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const PARTY_ENUM_ZH: Record<string, Record<string, string>> = {
  PartyOrgKind: PARTY_ORG_KIND,
  PartyOrgStatus: PARTY_ORG_STATUS,
  PartyCommitteeStatus: PARTY_COMMITTEE_STATUS,
  PartyLeaderRole: PARTY_LEADER_ROLE,
  PartyManagerKind: PARTY_MANAGER_KIND,
  PartyMemberStanding: PARTY_MEMBER_STANDING,
  PartyMemberStatus: PARTY_MEMBER_STATUS,
  PartyMeetingKind: PARTY_MEETING_KIND,
  PartyMeetingMode: PARTY_MEETING_MODE,
  PartyMeetingStatus: PARTY_MEETING_STATUS,
  PartyAttendance: PARTY_ATTENDANCE,
  VisitKind: VISIT_KIND,
  VisitDirection: VISIT_DIRECTION,
  OfficialLevel: OFFICIAL_LEVEL,
  FeedbackCategory: FEEDBACK_CATEGORY,
  FeedbackStatus: FEEDBACK_STATUS,
  HonorRoundStatus: HONOR_ROUND_STATUS,
  HonorNominationStatus: HONOR_NOMINATION_STATUS,
  HonorSubjectKind: HONOR_SUBJECT_KIND,
  HonorLevel: HONOR_LEVEL,
  HonorAwardStatus: HONOR_AWARD_STATUS,
  HonorBenefitStatus: HONOR_BENEFIT_STATUS,
  HonorBenefitKind: HONOR_BENEFIT_KIND,
};
