import { defineErrors, ErrorCode, Localized, localized } from '@crm/shared';
import { HonorAwardStatus, HonorBenefitStatus, HonorNominationStatus, HonorRoundStatus, HonorSubjectKind } from '../entities/honor.enums';

const KIND_ZH: Readonly<Record<HonorSubjectKind, string>> = {
  [HonorSubjectKind.Member]: '会员',
  [HonorSubjectKind.Chamber]: '商会',
  [HonorSubjectKind.Enterprise]: '企业',
};
const NOMINATION_ZH: Readonly<Record<HonorNominationStatus, string>> = {
  [HonorNominationStatus.Submitted]: '已推荐',
  [HonorNominationStatus.Shortlisted]: '已入围',
  [HonorNominationStatus.Approved]: '已通过',
  [HonorNominationStatus.Rejected]: '未通过',
  [HonorNominationStatus.Withdrawn]: '已撤回',
  [HonorNominationStatus.Awarded]: '已授予',
};
const ROUND_ZH: Readonly<Record<HonorRoundStatus, string>> = {
  [HonorRoundStatus.Nominating]: '推荐中',
  [HonorRoundStatus.Published]: '公示中',
  [HonorRoundStatus.Confirmed]: '已确认',
};
const BENEFIT_ZH: Readonly<Record<HonorBenefitStatus, string>> = {
  [HonorBenefitStatus.Due]: '待落实',
  [HonorBenefitStatus.Delivered]: '已落实',
  [HonorBenefitStatus.Declined]: '本人谢绝',
  [HonorBenefitStatus.Lapsed]: '已失效',
};
const AWARD_ZH: Readonly<Record<HonorAwardStatus, string>> = { [HonorAwardStatus.Active]: '有效', [HonorAwardStatus.Revoked]: '已撤销' };

export const subjectKindText = (k: HonorSubjectKind): Localized => localized(k.toLowerCase(), KIND_ZH[k] ?? k);
export const nominationStatusText = (s: HonorNominationStatus): Localized => localized(s.toLowerCase(), NOMINATION_ZH[s] ?? s);
export const roundStatusText = (s: HonorRoundStatus): Localized => localized(s.toLowerCase(), ROUND_ZH[s] ?? s);
export const benefitStatusText = (s: HonorBenefitStatus): Localized => localized(s.toLowerCase(), BENEFIT_ZH[s] ?? s);
export const awardStatusText = (s: HonorAwardStatus): Localized => localized(s.toLowerCase(), AWARD_ZH[s] ?? s);

/** The honour module's refusals (reasons HONOR_…). */
export const HonorErrors = defineErrors(
  'honor',
  {
    UNKNOWN_TYPE: { code: ErrorCode.BadUserInput, en: (p: { id: string }) => `honour type ${p.id} does not exist`, zh: (p) => `荣誉类型 ${p.id} 不存在` },
    UNKNOWN_ROUND: { code: ErrorCode.BadUserInput, en: (p: { id: string }) => `honour round ${p.id} does not exist`, zh: (p) => `评选批次 ${p.id} 不存在` },
    UNKNOWN_SUBJECT: {
      code: ErrorCode.BadUserInput,
      en: (p: { kind: string; id: string }) => `${p.kind} ${p.id} does not exist or is outside your scope`,
      zh: (p) => `${p.kind} ${p.id} 不存在或不在您的管辖范围内`,
    },
    TYPE_NAME_TAKEN: { code: ErrorCode.Conflict, en: (p: { name: string }) => `An honour type named ${p.name} already exists`, zh: (p) => `已有名为“${p.name}”的荣誉类型` },
    ROUND_NAME_TAKEN: { code: ErrorCode.Conflict, en: (p: { name: string }) => `A round named ${p.name} already exists`, zh: (p) => `已有名为“${p.name}”的评选批次` },
    TYPE_KIND_IN_USE: {
      code: ErrorCode.Conflict,
      en: (p: { type: string }) => `${p.type} already has nominations or awards; its subject kind cannot change`,
      zh: (p) => `“${p.type}”已有推荐或授予记录，不能再更改授予对象类型`,
    },
    DESIGNATION_NEEDS_MEMBER: {
      code: ErrorCode.BadUserInput,
      en: 'Only an honour for members can keep a member designation in step',
      zh: '只有授予会员的荣誉才能联动会员称号',
    },
    TYPE_RETIRED: { code: ErrorCode.Conflict, en: (p: { type: string }) => `${p.type} is no longer awarded`, zh: (p) => `“${p.type}”已停用，不再评选` },
    TYPE_NOT_IN_ROUND: {
      code: ErrorCode.BadUserInput,
      en: (p: { type: string; round: string }) => `${p.round} does not award ${p.type}`,
      zh: (p) => `“${p.round}”不评选“${p.type}”`,
    },
    ROUND_NOT_NOMINATING: {
      code: ErrorCode.Conflict,
      en: (p: { round: string; status: string }) => `${p.round} is ${p.status}; nominations are closed`,
      zh: (p) => `“${p.round}”当前为“${p.status}”，推荐已截止`,
    },
    QUOTA_EXCEEDED: {
      code: ErrorCode.Conflict,
      en: (p: { type: string; quota: number }) => `The quota of ${p.quota} nominations for ${p.type} in this round is used up`,
      zh: (p) => `本批次“${p.type}”的 ${p.quota} 个推荐名额已用完`,
    },
    WRONG_SUBJECT_KIND: {
      code: ErrorCode.BadUserInput,
      en: (p: { type: string; kind: string }) => `${p.type} is awarded to a ${p.kind}`,
      zh: (p) => `“${p.type}”的授予对象是${p.kind}`,
    },
    SUBJECT_OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { subject: string }) => `${p.subject} is outside your scope; you can nominate only within it`,
      zh: (p) => `${p.subject}不在您的管辖范围内，只能在管辖范围内推荐`,
    },
    OFFICE_NOMINATES_ENTERPRISES: {
      code: ErrorCode.Forbidden,
      en: 'Enterprises are nominated by the office',
      zh: '企业荣誉由市经合办直接推荐',
    },
    ALREADY_NOMINATED: {
      code: ErrorCode.Conflict,
      en: (p: { subject: string; type: string }) => `${p.subject} is already nominated for ${p.type} in this round`,
      zh: (p) => `${p.subject}已在本批次被推荐为“${p.type}”`,
    },
    NOMINATION_STATUS: {
      code: ErrorCode.Conflict,
      en: (p: { status: string; action: string }) => `A nomination that is ${p.status} cannot be ${p.action}`,
      zh: (p) => `状态为“${p.status}”的推荐不能${p.action}`,
    },
    NOT_YOUR_NOMINATION: {
      code: ErrorCode.Forbidden,
      en: 'Only the office or whoever made the nomination can withdraw it',
      zh: '只有市经合办或推荐单位本身可以撤回推荐',
    },
    REASON_REQUIRED: { code: ErrorCode.BadUserInput, en: 'Give a reason', zh: '请填写原因' },
    ROUND_STATUS: {
      code: ErrorCode.Conflict,
      en: (p: { round: string; status: string }) => `${p.round} is ${p.status}; this step does not apply`,
      zh: (p) => `“${p.round}”当前为“${p.status}”，不能执行此操作`,
    },
    NOTHING_TO_PUBLISH: {
      code: ErrorCode.Conflict,
      en: (p: { round: string }) => `${p.round} has no approved nomination to publish, or nominations still await a decision`,
      zh: (p) => `“${p.round}”没有可公示的已通过推荐，或仍有推荐未作决定`,
    },
    NOTICE_DATES: {
      code: ErrorCode.BadUserInput,
      en: 'The public notice must end on or after the day it starts',
      zh: '公示结束日期不能早于开始日期',
    },
    NOTICE_NOT_OVER: {
      code: ErrorCode.Conflict,
      en: (p: { until: string }) => `The public notice runs until ${p.until}; confirm after it ends`,
      zh: (p) => `公示期至 ${p.until}，请在公示期满后确认`,
    },
    CERTIFICATE_MISSING: {
      code: ErrorCode.BadUserInput,
      en: (p: { subject: string }) => `Give a certificate number for ${p.subject}`,
      zh: (p) => `请为${p.subject}填写证书编号`,
    },
    CERTIFICATE_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { number: string }) => `Certificate number ${p.number} is already used for this honour`,
      zh: (p) => `该荣誉的证书编号 ${p.number} 已被使用`,
    },
    ALREADY_AWARDED: {
      code: ErrorCode.Conflict,
      en: (p: { subject: string; type: string; year: number }) => `${p.subject} already holds ${p.type} for ${p.year}`,
      zh: (p) => `${p.subject}已获得 ${p.year} 年度“${p.type}”`,
    },
    ALREADY_REVOKED: {
      code: ErrorCode.Conflict,
      en: (p: { on: string }) => `This award was already revoked on ${p.on}`,
      zh: (p) => `该荣誉已于 ${p.on} 撤销`,
    },
    AWARD_REVOKED: {
      code: ErrorCode.Conflict,
      en: (p: { on: string }) => `The award was revoked on ${p.on}; its benefits are no longer delivered`,
      zh: (p) => `该荣誉已于 ${p.on} 撤销，相关待遇不再落实`,
    },
    BENEFIT_STATUS: {
      code: ErrorCode.Conflict,
      en: (p: { status: string }) => `This benefit is ${p.status}; only a due one can be settled`,
      zh: (p) => `该待遇当前为“${p.status}”，只有待落实的待遇可以办理`,
    },
    REVOKED_BEFORE_AWARD: {
      code: ErrorCode.BadUserInput,
      en: (p: { awardedOn: string }) => `An award cannot be revoked before it was made (${p.awardedOn})`,
      zh: (p) => `撤销日期不能早于授予日期（${p.awardedOn}）`,
    },
    DELIVERED_BEFORE_AWARD: {
      code: ErrorCode.BadUserInput,
      en: (p: { awardedOn: string }) => `A benefit cannot be delivered before the award was made (${p.awardedOn})`,
      zh: (p) => `待遇落实日期不能早于荣誉授予日期（${p.awardedOn}）`,
    },
    UNKNOWN_CHAMBER: { code: ErrorCode.BadUserInput, en: (p: { id: string }) => `chamber ${p.id} does not exist`, zh: (p) => `商会 ${p.id} 不存在` },
    DESIGNATION_HELD: {
      code: ErrorCode.Conflict,
      en: (p: { designation: string; type: string }) => `The member holds an active ${p.type} award, which carries the ${p.designation} designation; revoke the award first`,
      zh: (p) => `该会员持有有效的“${p.type}”荣誉，其称号（${p.designation}）随荣誉保留；如需去掉，请先撤销该荣誉`,
    },
    DELIVERED_ON_REQUIRED: { code: ErrorCode.BadUserInput, en: 'Give the day the benefit was delivered', zh: '请填写待遇落实的日期' },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { current: number; read: number }) => `Changed by someone else meanwhile (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },
  },
  { entities: { HonorType: '荣誉类型', HonorRound: '评选批次', HonorNomination: '荣誉推荐', HonorAward: '荣誉', HonorBenefit: '荣誉待遇' } },
);
