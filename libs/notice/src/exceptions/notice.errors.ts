import { defineErrors, ErrorCode } from '@crm/shared';

/** Refusals of notices, returns and requests upward (reasons NOTICE_…). */
export const NoticeErrors = defineErrors(
  'notice',
  {
    TARGET_INCOMPLETE: {
      code: ErrorCode.BadUserInput,
      en: (p: { kind: string; needs: string }) => `A ${p.kind} target needs ${p.needs}`,
      zh: (p) => `按“${p.kind}”选择对象时须填写 ${p.needs}`,
    },
    TARGET_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { kind: string }) => `You cannot send to a ${p.kind} target: it reaches beyond your scope`,
      zh: (p) => `您不能按“${p.kind}”发送：超出了您的管辖范围`,
    },
    TARGET_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { value: string }) => `${p.value} does not exist or is not a place you can send to`,
      zh: (p) => `${p.value} 不存在或不是可发送的对象`,
    },
    NO_RECIPIENTS: {
      code: ErrorCode.BadUserInput,
      en: 'The target reaches no recipient',
      zh: '所选对象范围内没有任何接收单位',
    },
    DEADLINE_PAST: {
      code: ErrorCode.BadUserInput,
      en: 'The deadline must lie in the future',
      zh: '截止时间必须晚于当前时间',
    },
    DEADLINE_TOO_FAR: {
      code: ErrorCode.BadUserInput,
      en: (p: { days: number }) => `The deadline must lie within ${p.days} days`,
      zh: (p) => `截止时间不能晚于 ${p.days} 天之后`,
    },
    RETURN_NEEDS_DEADLINE: { code: ErrorCode.BadUserInput, en: 'A notice asking for a return needs a deadline', zh: '要求报送的通知必须设置截止时间' },
    FORM_INVALID: {
      code: ErrorCode.BadUserInput,
      en: (p: { problem: string }) => `The return form is not valid: ${p.problem}`,
      zh: (p) => `报送表格定义有误：${p.problem}`,
    },
    NOT_A_RECIPIENT: {
      code: ErrorCode.Forbidden,
      en: 'Only the recipient unit itself can acknowledge this notice or submit its return',
      zh: '只有接收单位本身才能签收该通知或填报',
    },
    NO_RETURN_ASKED: { code: ErrorCode.BadUserInput, en: 'This notice asks for no return', zh: '该通知不要求报送' },
    RETURN_CLOSED: {
      code: ErrorCode.Conflict,
      en: (p: { deadline: string }) => `The return deadline (${p.deadline}) has passed; it can no longer be submitted or corrected`,
      zh: (p) => `报送已于 ${p.deadline} 截止，不能再填报或修改`,
    },
    ANSWER_WRONG_TYPE: {
      code: ErrorCode.BadUserInput,
      en: (p: { label: string; type: string }) => `${p.label} takes a ${p.type}`,
      zh: (p) => `“${p.label}”应填写${p.type}`,
    },
    ANSWER_REQUIRED: { code: ErrorCode.BadUserInput, en: (p: { label: string }) => `${p.label} is required`, zh: (p) => `“${p.label}”为必填项` },
    ANSWER_UNKNOWN_FIELD: {
      code: ErrorCode.BadUserInput,
      en: (p: { key: string }) => `The form has no field ${p.key}`,
      zh: (p) => `报送表格中没有字段 ${p.key}`,
    },
    MEMBER_OUTSIDE_RECIPIENT: {
      code: ErrorCode.BadUserInput,
      en: (p: { label: string }) => `${p.label}: a member listed is not one of the recipient's own members`,
      zh: (p) => `“${p.label}”中有会员不属于本单位`,
    },
    REMINDER_TOO_SOON: {
      code: ErrorCode.TooManyRequests,
      en: (p: { minutes: number }) => `A reminder went out less than ${p.minutes} minutes ago`,
      zh: (p) => `${p.minutes} 分钟内已提醒过，请稍后再试`,
    },
    NOTHING_TO_REMIND: { code: ErrorCode.Conflict, en: 'Every recipient has acknowledged this notice', zh: '所有接收单位均已签收，无需提醒' },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { current: number; read: number }) => `This record changed meanwhile (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `该记录已被修改（当前版本 ${p.current}，您读取的是 ${p.read}），请刷新后重试`,
    },
    ATTACHMENT_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `Attachment ${p.id} does not exist or was not uploaded by you`,
      zh: (p) => `附件 ${p.id} 不存在或不是您上传的`,
    },
    ATTACHMENT_TYPE: {
      code: ErrorCode.BadUserInput,
      en: (p: { type: string }) => `Files of type ${p.type} cannot be attached`,
      zh: (p) => `不允许上传 ${p.type} 类型的文件`,
    },
    REQUEST_CATEGORY_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { category: string }) => `No desk handles requests of category ${p.category}`,
      zh: (p) => `类别 ${p.category} 尚未设置承办处室`,
    },
    REQUEST_RAISER: {
      code: ErrorCode.Forbidden,
      en: 'Only a chamber secretariat or a county office raises requests upward',
      zh: '只有商会秘书处或县市区办公室可以提出请示',
    },
    REQUEST_CLOSED: {
      code: ErrorCode.Conflict,
      en: 'This request is closed; reopen it before writing to it',
      zh: '该请示已办结，不能再回复',
    },
    REQUEST_WRONG_STATUS: {
      code: ErrorCode.Conflict,
      en: (p: { status: string; action: string }) => `A request that is ${p.status} cannot be ${p.action}`,
      zh: (p) => `状态为“${p.status}”的请示不能${p.action}`,
    },
    REQUEST_NOT_YOURS: {
      code: ErrorCode.Forbidden,
      en: 'Only the office or the unit that raised the request writes in its thread',
      zh: '只有市经合办或提出单位可以在该请示中回复',
    },
  },
  { entities: { Notice: '通知', NoticeRecipient: '接收单位', NoticeReturn: '报送', Request: '请示' } },
);
