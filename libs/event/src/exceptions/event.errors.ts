import { defineErrors, ErrorCode } from '@crm/shared';

/** Refusals of meetings and registrations (reasons EVENT_…). */
export const EventErrors = defineErrors(
  'event',
  {
    DATES: { code: ErrorCode.BadUserInput, en: 'A meeting cannot end before it starts', zh: '会议结束日期不能早于开始日期' },
    DATE_INVALID: {
      code: ErrorCode.BadUserInput,
      en: 'Not a calendar date between 2000 and 2099 (YYYY-MM-DD)',
      zh: '日期无效：须为 2000 年至 2099 年之间的日期（YYYY-MM-DD）',
    },
    DEADLINE_PAST: { code: ErrorCode.BadUserInput, en: 'Registration must close in the future', zh: '报名截止时间必须晚于当前时间' },
    DEADLINE_AFTER_START: {
      code: ErrorCode.BadUserInput,
      en: 'Registration must close before the meeting starts',
      zh: '报名截止时间须早于会议开始',
    },
    NOT_INVITED: {
      code: ErrorCode.Forbidden,
      en: 'Your unit is not invited to this meeting',
      zh: '本单位未受邀参加该会议',
    },
    REGISTRATION_CLOSED: {
      code: ErrorCode.Conflict,
      en: (p: { deadline: string }) => `Registration closed at ${p.deadline}`,
      zh: (p) => `报名已于 ${p.deadline} 截止`,
    },
    DELEGATE_OUTSIDE_SCOPE: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `Member ${p.id} is not one of your unit's members`,
      zh: (p) => `会员 ${p.id} 不属于本单位，不能报名`,
    },
    ALREADY_REGISTERED: {
      code: ErrorCode.Conflict,
      en: (p: { name: string }) => `${p.name} is already registered for this meeting`,
      zh: (p) => `${p.name}已报名该会议`,
    },
    NOT_REGISTERED: {
      code: ErrorCode.Conflict,
      en: (p: { status: string }) => `Only a registered delegate checks in (this one is ${p.status})`,
      zh: (p) => `只有已报名的代表才能签到（当前为“${p.status}”）`,
    },
    CHECK_IN_CLOSED: {
      code: ErrorCode.Conflict,
      en: (p: { from: string; to: string }) => `Delegates check in from ${p.from} (the day before the meeting) to ${p.to} (its last day)`,
      zh: (p) => `签到时间为 ${p.from}（会前一天）至 ${p.to}（会议最后一天）`,
    },
    ALREADY_CANCELLED: { code: ErrorCode.Conflict, en: 'This registration is already cancelled', zh: '该报名已取消' },
    CAPACITY_BELOW_REGISTERED: {
      code: ErrorCode.Conflict,
      en: (p: { registered: number }) => `${p.registered} delegates are registered; the capacity cannot go below that`,
      zh: (p) => `已有 ${p.registered} 名代表报名，容量不能低于此数`,
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { current: number; read: number }) => `This record changed meanwhile (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `该记录已被修改（当前版本 ${p.current}，您读取的是 ${p.read}），请刷新后重试`,
    },
  },
  { entities: { Meeting: '会议', MeetingRegistration: '报名' } },
);
