import { defineErrors, defineMessages, ErrorCode } from '@crm/shared';

/** The campaign import's refusals of a request (the upload), in the visits library's catalogue. */
export const CampaignImportErrors = defineErrors(
  'visit',
  {
    IMPORT_CAMPAIGN_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'name the campaign the list is for (campaignId, a UUID)',
      zh: '请指定名单所属的活动（campaignId）',
    },
  },
  { entities: { CampaignImport: '活动名单导入任务' } },
);

/**
 * Why one row of a campaign list is refused (the report's 错误代码 and 说明). Stable reasons;
 * the Chinese is what the office reads.
 */
export const CampaignRowMessages = defineMessages({
  REQUIRED: { en: 'required', zh: '必填项未填写' },
  TOO_LONG: { en: (p: { max: number }) => `at most ${p.max} characters`, zh: (p) => `最多 ${p.max} 个字符` },
  UNKNOWN_TARGET_KIND: {
    en: 'the kind must be 会员 (member), 商会 (chamber) or 亲属 (a relative or another person by name)',
    zh: '对象类型须为“会员”“商会”或“亲属”',
  },
  GROUP_UNKNOWN: {
    en: (p: { name: string }) => `the campaign has no group named ${p.name}; create the group (with its leaders) first`,
    zh: (p) => `本活动没有名为“${p.name}”的小组，请先在系统中建组并指定带队领导`,
  },
  MEMBER_KEY_REQUIRED: {
    en: 'a member is found by ID number, or by name and mobile phone: give one of them',
    zh: '会员须填写身份证号，或同时填写姓名和手机号码',
  },
  INVALID_ID_NUMBER: { en: (p: { problem: string }) => `not a valid ID number (${p.problem})`, zh: '身份证号格式或校验位不正确' },
  INVALID_PHONE: { en: (p: { problem: string }) => `not a valid phone number (${p.problem})`, zh: '手机号码格式不正确' },
  MEMBER_NOT_FOUND: { en: 'no member in the base has this ID number (or this name and phone)', zh: '信息库中找不到该会员（身份证号或姓名与手机号码不符）' },
  MEMBER_AMBIGUOUS: { en: 'the name and phone match more than one member; give the ID number', zh: '姓名和手机号码对应多名会员，请填写身份证号' },
  MEMBER_OUTSIDE_SCOPE: { en: 'the member is outside your scope', zh: '该会员不在您的管辖范围内' },
  CHAMBER_NOT_FOUND: { en: (p: { name: string }) => `no active chamber is named ${p.name}`, zh: (p) => `找不到名为“${p.name}”的商会（或该商会已撤销）` },
  CHAMBER_OUTSIDE_SCOPE: { en: 'the chamber is outside your scope', zh: '该商会不在您的管辖范围内' },
  DUPLICATE_IN_FILE: {
    en: (p: { row: number }) => `the same person or chamber as row ${p.row}`,
    zh: (p) => `与第 ${p.row} 行是同一走访对象（名单中重复列出）`,
  },
  ALREADY_IN_CAMPAIGN: {
    en: (p: { group: string }) => `already listed in this campaign, in group ${p.group}`,
    zh: (p) => `已列入本活动“${p.group}”的走访名单，不能重复分配`,
  },
});

/** The campaign kind's words for the failures every kind has (ImportKindTexts). */
export const CampaignImportFailures = defineMessages({
  UPLOADER_NOT_ALLOWED: {
    en: 'The account that uploaded this list may no longer manage campaigns',
    zh: '上传这份名单的账号已无权管理活动',
  },
  GAVE_UP: {
    en: (p: { runs: number; committing: boolean }) =>
      `Stopped after ${p.runs} failed runs${p.committing ? '; what was committed stays, resume with commitCampaignImport' : ''}`,
    zh: (p) => `连续 ${p.runs} 次运行失败，已停止${p.committing ? '；已导入的部分保留，可再次提交（commitCampaignImport）继续' : ''}`,
  },
});
