import { defineErrors, ErrorCode } from '@crm/shared';

/** The investment library's refusals: projects, stages, funds in place, targets, officials, problems, complaints. */
export const InvestmentErrors = defineErrors(
  'investment',
  {
    NOT_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a county of the home city; a project's destination is one of its counties`,
      zh: (p) => `${p.code} 不是本市的县（市、区）；项目落地地须为本市所辖县（市、区）`,
    },
    COUNTY_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { code: string }) => `you keep projects landing in your own county, not ${p.code}`,
      zh: (p) => `您只能管理落地在本县（市、区）的项目，不能是 ${p.code}`,
    },
    NEGATIVE_AMOUNT: {
      code: ErrorCode.BadUserInput,
      en: 'the amount must be greater than zero',
      zh: '金额必须大于零',
    },
    ZERO_CORRECTION: {
      code: ErrorCode.BadUserInput,
      en: 'a correction changes the amount: zero corrects nothing',
      zh: '更正金额不能为零',
    },
    CORRECTION_BELOW_ZERO: {
      code: ErrorCode.BadUserInput,
      en: (p: { left: string }) => `the correction would leave the record below zero (${p.left})`,
      zh: (p) => `更正后该笔到位资金将小于零（${p.left}）`,
    },
    FUNDING_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: 'the funding record to correct does not exist or is outside your scope',
      zh: '要更正的到位资金记录不存在或不在您的权限范围内',
    },
    FUNDS_BEFORE_SIGNING: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string; signed: string }) => `funds in place are recorded on or after the signing date (${p.signed}); ${p.date} is earlier`,
      zh: (p) => `到位资金须在签约日（${p.signed}）当天或之后登记；${p.date} 早于签约日`,
    },
    NOT_SIGNED: {
      code: ErrorCode.BadUserInput,
      en: 'the project is not signed: funds in place are recorded only after signing',
      zh: '项目尚未签约，签约后方可登记到位资金',
    },
    FUTURE_DATE: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `the date cannot be in the future (${p.date})`,
      zh: (p) => `日期不能晚于今天（${p.date}）`,
    },
    SAME_STAGE: {
      code: ErrorCode.BadUserInput,
      en: 'the project is already at this stage',
      zh: '项目已处于该阶段',
    },
    STAGE_FINAL: {
      code: ErrorCode.BadUserInput,
      en: 'a cancelled project does not move any more',
      zh: '项目已终止，不能再变更阶段',
    },
    REASON_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'moving a project back, stalling or cancelling it needs a reason',
      zh: '项目阶段回退、停滞或终止须填写原因',
    },
    SKIPPED_DATE_MISSING: {
      code: ErrorCode.BadUserInput,
      en: (p: { stage: string }) => `skipping a stage needs the date it was reached: give the ${p.stage} date`,
      zh: (p) => `跳过阶段须补录该阶段日期：请填写${p.stage}日期`,
    },
    STAGE_DATE_ORDER: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string; previous: string }) => `a stage cannot be dated before the previous one (${p.date} < ${p.previous})`,
      zh: (p) => `阶段日期不能早于上一阶段（${p.date} 早于 ${p.previous}）`,
    },
    STAGE_UNDO_FUNDS: {
      code: ErrorCode.BadUserInput,
      en: 'the project has funds in place: it cannot move back before signing, nor its signing date after them',
      zh: '项目已有到位资金，不能回退到签约之前，签约日期也不能晚于到位资金日期',
    },
    TARGET_EXISTS: {
      code: ErrorCode.Conflict,
      en: (p: { year: number }) => `a target for this unit and ${p.year} is already set; edit it instead`,
      zh: (p) => `该单位 ${p.year} 年的目标任务已设定，请修改原目标`,
    },
    TARGET_UNIT: {
      code: ErrorCode.BadUserInput,
      en: 'a city target names no unit; a county target names a county of the home city (countyCode); a chamber target a chamber (chamberId)',
      zh: '市级目标不填单位；县级目标须填本市县（市、区）代码；商会目标须填商会',
    },
    CHAMBER_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: 'the chamber does not exist or is outside your scope',
      zh: '商会不存在或不在您的权限范围内',
    },
    MEMBER_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `member ${p.id} does not exist or is outside your scope`,
      zh: (p) => `会员 ${p.id} 不存在或不在您的权限范围内`,
    },
    ENTERPRISE_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: 'an enterprise listed does not exist',
      zh: '所列企业不存在',
    },
    SERVICE_OFFICER_TAKEN: {
      code: ErrorCode.Conflict,
      en: 'the project already has a service officer in this period; end that assignment first',
      zh: '该项目在此期间已有服务员，请先结束原服务员的联系',
    },
    OFFICIAL_ALREADY_ASSIGNED: {
      code: ErrorCode.Conflict,
      en: 'this official is already assigned to the project in this period',
      zh: '该领导（人员）在此期间已联系该项目，不能重复指派',
    },
    ASSIGNMENT_ENDED: {
      code: ErrorCode.BadUserInput,
      en: 'the assignment has already ended',
      zh: '该联系已结束',
    },
    ASSIGNMENT_UNKNOWN: {
      code: ErrorCode.NotFound,
      en: 'the assignment does not exist or is outside your scope',
      zh: '该联系记录不存在或不在您的权限范围内',
    },
    DATE_ORDER: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string; earliest: string }) => `the date cannot be before ${p.earliest} (${p.date})`,
      zh: (p) => `日期不能早于 ${p.earliest}（${p.date}）`,
    },
    WRONG_STATUS: {
      code: ErrorCode.BadUserInput,
      en: (p: { status: string }) => `not possible in status ${p.status}`,
      zh: (p) => `当前状态（${p.status}）下不能进行此操作`,
    },
    CHANGE_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: 'you may read this project but not change it',
      zh: '您可以查看该项目，但无权修改',
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { what: string; current: number; read: number }) => `The ${p.what} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `该${p.what}已被他人修改（当前版本 ${p.current}，您读取的是 ${p.read}），请刷新后重试`,
    },
    BAD_PERIOD: {
      code: ErrorCode.BadUserInput,
      en: 'the period ends before it starts, or spans more than a year',
      zh: '统计期间有误：结束日期早于开始日期，或跨度超过一年',
    },
  },
  { entities: { InvestmentProject: '回归项目', FundingRecord: '到位资金', ProjectIssue: '项目问题', ServiceComplaint: '效能投诉', InvestmentTarget: '目标任务' } },
);
