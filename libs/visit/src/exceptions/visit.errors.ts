import { defineErrors, ErrorCode, Localized, localized } from '@crm/shared';
import { FEEDBACK_STATUS_ZH, FeedbackStatus } from '../entities/visit.enums';

/** A status as the messages say it: `closed` / 已办结. */
export const feedbackStatusText = (s: FeedbackStatus): Localized => localized(s.toLowerCase(), FEEDBACK_STATUS_ZH[s] ?? s);

/** The visits library's refusals: visits, opinions and campaigns. */
export const VisitErrors = defineErrors(
  'visit',
  {
    LEADER_COUNT: {
      code: ErrorCode.BadUserInput,
      en: (p: { count: number }) => `a visit needs exactly one leading official (leads: true); ${p.count} given`,
      zh: (p) => `走访须有且只有一名带队领导（leads: true），当前为 ${p.count} 名`,
    },
    OFFICIAL_TWICE: {
      code: ErrorCode.BadUserInput,
      en: 'the same official is listed twice',
      zh: '同一名干部被重复列出',
    },
    FUTURE_DATE: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `a visit cannot be dated in the future (${p.date})`,
      zh: (p) => `走访日期不能晚于今天（${p.date}）`,
    },
    DATE_TOO_EARLY: {
      code: ErrorCode.BadUserInput,
      en: (p: { date: string }) => `a visit cannot be dated before 1990-01-01 (${p.date})`,
      zh: (p) => `走访日期不能早于 1990-01-01（${p.date}）`,
    },
    OFFICIAL_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { official: string }) => `${p.official} is an official of another county; you record visits of your county's and the city's officials`,
      zh: (p) => `${p.official}是其他县（市、区）的干部；您只能登记本县及市级干部的走访`,
    },
    NOT_IN_VISIT: {
      code: ErrorCode.Forbidden,
      en: 'you record only visits you took part in (or, for a county office, visits with one of its officials)',
      zh: '您只能登记本人参加的走访（县市区办公室：有本县干部参加的走访）',
    },
    MEMBER_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { id: string }) => `member ${p.id} does not exist or is outside your scope`,
      zh: (p) => `会员 ${p.id} 不存在或不在您的管辖范围内`,
    },
    CHAMBER_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { id: string }) => `chamber ${p.id} does not exist or is outside your scope`,
      zh: (p) => `商会 ${p.id} 不存在或不在您的管辖范围内`,
    },
    UNKNOWN_ENTERPRISE: {
      code: ErrorCode.BadUserInput,
      en: 'an enterprise listed does not exist',
      zh: '所列企业不存在',
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { what: string; current: number; read: number }) => `The ${p.what} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `该${p.what}已被他人修改（当前版本 ${p.current}，您读取的是 ${p.read}），请刷新后重试`,
    },
    CHANGE_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { what: string }) => `You may read this ${p.what} but not change it`,
      zh: (p) => `您可以查看该${p.what}，但无权修改`,
    },
    // Opinions
    NO_RAISER: {
      code: ErrorCode.BadUserInput,
      en: 'an opinion is raised in a visit (visitId) or by a member or chamber (raisedByMemberId, raisedByChamberId)',
      zh: '意见建议须来自一次走访（visitId），或由会员、商会提出（raisedByMemberId、raisedByChamberId）',
    },
    VISIT_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `visit ${p.id} does not exist or is outside your scope`,
      zh: (p) => `走访 ${p.id} 不存在或不在您的权限范围内`,
    },
    DUE_BEFORE_RAISED: {
      code: ErrorCode.BadUserInput,
      en: (p: { dueOn: string; raisedOn: string }) => `the due date (${p.dueOn}) is before the day the opinion was raised (${p.raisedOn})`,
      zh: (p) => `办理期限（${p.dueOn}）早于意见提出日期（${p.raisedOn}）`,
    },
    ANSWER_BEFORE_RAISED: {
      code: ErrorCode.BadUserInput,
      en: (p: { answeredOn: string; raisedOn: string }) => `the answer's date (${p.answeredOn}) is before the day the opinion was raised (${p.raisedOn})`,
      zh: (p) => `答复日期（${p.answeredOn}）早于意见提出日期（${p.raisedOn}）`,
    },
    NOT_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a county of the home city`,
      zh: (p) => `${p.code} 不是本市所辖的县（市、区）`,
    },
    ASSIGNEE_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'name the unit (assigneeUnit) or the official (assigneeOfficialId) the opinion is assigned to',
      zh: '请填写承办单位（assigneeUnit）或承办干部（assigneeOfficialId）',
    },
    CLOSED: {
      code: ErrorCode.Conflict,
      en: 'the opinion is closed; reopen it first',
      zh: '该意见建议已办结，如需继续办理请先重新打开',
    },
    WRONG_STATUS: {
      code: ErrorCode.Conflict,
      en: (p: { status: string; action: string }) => `an opinion that is ${p.status} cannot be ${p.action}`,
      zh: (p) => `处于“${p.status}”状态的意见建议不能${p.action}`,
    },
    SATISFACTION_NOT_CLOSED: {
      code: ErrorCode.BadUserInput,
      en: (p: { status: string }) => `a satisfaction rating is given only when the opinion is closed (it is ${p.status})`,
      zh: (p) => `只有已办结的意见建议才能评价满意度（当前为“${p.status}”）`,
    },
    // Campaigns
    CAMPAIGN_NAME_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { name: string }) => `a campaign named ${p.name} already exists`,
      zh: (p) => `已有名为“${p.name}”的活动`,
    },
    CAMPAIGN_PERIOD: {
      code: ErrorCode.BadUserInput,
      en: 'the campaign ends before it starts',
      zh: '活动结束日期早于开始日期',
    },
    GROUP_NAME_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { name: string }) => `the campaign already has a group named ${p.name}`,
      zh: (p) => `该活动已有名为“${p.name}”的小组`,
    },
    GROUP_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `group ${p.id} is not a group of this campaign`,
      zh: (p) => `小组 ${p.id} 不属于该活动`,
    },
    ASSIGNMENT_TARGET: {
      code: ErrorCode.BadUserInput,
      en: 'an assignment names exactly one of memberId, chamberId or personName',
      zh: '每条走访对象须且只能填写会员（memberId）、商会（chamberId）或人员姓名（personName）之一',
    },
    ASSIGNMENT_TWICE: {
      code: ErrorCode.Conflict,
      en: (p: { who: string }) => `${p.who} is already listed in this campaign`,
      zh: (p) => `${p.who}已在本次活动的走访名单中`,
    },
    ASSIGNMENT_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `assignment ${p.id} does not exist or is outside your scope`,
      zh: (p) => `走访任务 ${p.id} 不存在或不在您的权限范围内`,
    },
    ASSIGNMENT_DONE: {
      code: ErrorCode.Conflict,
      en: 'a visit is already recorded against this assignment',
      zh: '该走访任务已登记过走访',
    },
    SUBJECT_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'give exactly one of memberId or chamberId',
      zh: '请且只能填写会员（memberId）或商会（chamberId）之一',
    },
  },
  { entities: { Visit: '走访', Feedback: '意见建议', Campaign: '活动', CampaignGroup: '活动小组', CampaignAssignment: '走访任务' } },
);
