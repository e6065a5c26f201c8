/** Chinese for the enum values the investment pages (回归项目) show. */
export const INVESTMENT_STAGE: Record<string, string> = {
  LEAD: '洽谈',
  SIGNED: '签约',
  STARTED: '开工',
  IN_PRODUCTION: '投产',
  STALLED: '停滞',
  CANCELLED: '终止',
};
export const FUNDING_SOURCE: Record<string, string> = { OUT_OF_PROVINCE: '省外资金', IN_PROVINCE: '省内资金', FOREIGN: '境外资金' };
export const INVESTMENT_KEY_LEVEL: Record<string, string> = { CITY: '市重点', COUNTY: '县重点' };
export const PROJECT_ISSUE_CATEGORY: Record<string, string> = {
  APPROVAL: '审批',
  FINANCE: '资金',
  INFRASTRUCTURE: '基础设施',
  LABOUR: '用工',
  LAND: '用地',
  OTHER: '其他',
};
export const PROJECT_ISSUE_STATUS: Record<string, string> = { OPEN: '待解决', RESOLVED: '已解决' };
export const PROJECT_OFFICIAL_ROLE: Record<string, string> = { LIAISON_LEADER: '联系领导', SERVICE_OFFICER: '服务专员' };
export const COMPLAINT_STATUS: Record<string, string> = { RECORDED: '已登记', ASSIGNED: '已交办', HANDLED: '已办理', CLOSED: '已办结' };
export const TARGET_UNIT_KIND: Record<string, string> = { CITY: '全市', COUNTY: '县（市、区）', CHAMBER: '商会' };

/** Chinese for the enum values the investment pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const INVESTMENT_ENUM_ZH: Record<string, Record<string, string>> = {
  InvestmentStage: INVESTMENT_STAGE,
  FundingSource: FUNDING_SOURCE,
  InvestmentKeyLevel: INVESTMENT_KEY_LEVEL,
  ProjectIssueCategory: PROJECT_ISSUE_CATEGORY,
  ProjectIssueStatus: PROJECT_ISSUE_STATUS,
  ProjectOfficialRole: PROJECT_OFFICIAL_ROLE,
  ComplaintStatus: COMPLAINT_STATUS,
  TargetUnitKind: TARGET_UNIT_KIND,
};
