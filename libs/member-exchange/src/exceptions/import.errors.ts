import { ImportFileFailures as CoreImportFileFailures } from '@crm/exchange';
import { defineErrors, defineMessages, localized } from '@crm/shared';
// Type only: the parser imports this file, so a value import would be circular.
import type { RowErrorReason } from '../services/import-row-parser';

/*
 * The member import's refusals, in three parts: errors the API throws (ImportErrors, shared by
 * every kind: @crm/exchange), why a file as a whole could not be read (ImportFileFailures: the
 * shared ones and the member kind's words), and the problems of single rows (ImportRowMessages).
 * Row problems keep their own stable codes (RowErrorReason, the report's 错误代码 column); the
 * person who uploaded reads the Chinese message in the report's 说明 column and in
 * `errors { messageZh }`, and `message` stays English as everywhere in the API.
 */
export { ImportErrors, importStatusText, spreadsheetFailureZh } from '@crm/exchange';

// NotFoundError('MemberImport', id) says 导入任务 in Chinese (the shared catalogue keeps entity names).
defineErrors('import', {}, { entities: { MemberImport: '导入任务' } });

/** The member kind's own words for the failures every kind has (ImportKindTexts). */
const MemberImportFailures = defineMessages({
  UPLOADER_NOT_ALLOWED: {
    en: 'The account that uploaded this import may no longer import members',
    zh: '上传这份文件的账号已无权导入会员',
  },
  GAVE_UP: {
    en: (p: { runs: number; committing: boolean }) =>
      `Stopped after ${p.runs} failed runs; ${p.committing ? 'resume it with commitMemberImport once the cause is fixed' : 'upload the file again'}`,
    zh: (p) => `连续 ${p.runs} 次运行失败，已停止；${p.committing ? '排除原因后可用 commitMemberImport 继续导入' : '请重新上传文件'}`,
  },
});

/** Why a member file as a whole could not be imported (member_import.failure), by its reason. */
export const ImportFileFailures = { ...CoreImportFileFailures, ...MemberImportFailures };

/** The Chinese for a row problem that has no message of its own, by its code. */
const ROW_REASON_ZH: Readonly<Record<`${RowErrorReason}`, string>> = {
  REQUIRED: '必填项未填写',
  TOO_LONG: '内容过长',
  TOO_SHORT: '内容过短',
  CONTROL_CHARACTERS: '含有控制字符',
  FORMULA_NOT_ALLOWED: '不允许使用公式',
  INVALID_ID_NUMBER: '身份证号无效',
  INVALID_PHONE: '电话号码无效',
  TOO_MANY_VALUES: '填写的项数过多',
  INVALID_DATE: '日期无效',
  INVALID_VALUE: '取值无效',
  INVALID_EMAIL: '电子邮件地址无效',
  UNKNOWN_REGION: '未知的地区',
  AMBIGUOUS_REGION: '地区名称对应多个地区',
  NOT_HOME_COUNTY: '籍贯须为家乡城市的县（市、区）',
  UNKNOWN_CHAMBER: '未知的商会',
  CHAMBER_OUTSIDE_SCOPE: '商会不在您的管辖范围内',
  HOMETOWN_OUTSIDE_SCOPE: '籍贯不在您的管辖范围内',
  POSITION_NOT_ALLOWED: '您无权登记该商会的职务',
  NO_RUNNING_TERM: '商会尚无在任的届次',
  POSITION_TAKEN: '该职务已有人担任',
  INVALID_CREDIT_CODE: '统一社会信用代码无效',
  UNKNOWN_INDUSTRY: '未知的行业',
  DOES_NOT_AGREE: '与身份证号不一致',
  DUPLICATE_IN_FILE: '文件中有重复',
  ID_NUMBER_NAME_MISMATCH: '身份证号与姓名不符',
  ID_NUMBER_MISMATCH: '身份证号与已登记的不一致',
  AMBIGUOUS_MATCH: '对应多位已登记的会员',
  MEMBER_OUTSIDE_SCOPE: '此人已在您的管辖范围以外登记',
  MEMBER_MERGED: '该会员已被合并',
  NOT_APPLICABLE: '此项不适用',
};

export function rowReasonZh(reason: string): string {
  return (ROW_REASON_ZH as Record<string, string>)[reason] ?? '此项有误';
}

/** The problems of single rows, as the report states them. */
export const ImportRowMessages = defineMessages({
  // Cells in general
  TOO_LONG: { en: (p: { max: number }) => `at most ${p.max} characters`, zh: (p) => `最多 ${p.max} 个字符` },
  TOO_SHORT: { en: (p: { min: number }) => `at least ${p.min} characters`, zh: (p) => `至少 ${p.min} 个字符` },
  CONTROL_CHARACTERS: { en: 'contains control characters', zh: '含有控制字符' },
  FORMULA_CELL: { en: 'the cell holds a formula; enter the value itself', zh: '单元格里是公式，请直接填写值' },
  FORMULA_TEXT: { en: 'a value may not start with = (it would run as a formula)', zh: '内容不能以 = 开头（再次打开文件时会被当作公式执行）' },
  NAMED_TWICE: { en: (p: { what: string }) => `${p.what} is named twice`, zh: (p) => `${p.what}填写了两次` },

  // The person
  NAME_REQUIRED: { en: '姓名 is required', zh: '姓名为必填项' },
  GENDER_WORD: { en: 'write 男 or 女', zh: '请填写“男”或“女”' },
  BIRTH_DATE_NOT_A_DATE: { en: 'not a date (write it as 1975-03-08)', zh: '不是日期（请写成 1975-03-08）' },
  BIRTH_DATE_RANGE: { en: 'must be between 1900 and today', zh: '须在 1900 年到今天之间' },
  INVALID_ID_NUMBER: {
    en: (p: { problem: string; hint?: string }) => `ID number ${p.problem}${p.hint ?? ''}`,
    zh: (p) => `身份证号${p.problem}${p.hint ?? ''}`,
  },
  DISAGREES_WITH_ID: { en: 'does not agree with the ID number', zh: '与身份证号不一致' },
  INVALID_PHONE: { en: (p: { phone: string; problem: string }) => `${p.phone} ${p.problem}`, zh: (p) => `号码 ${p.phone} ${p.problem}` },
  TOO_MANY_PHONES: { en: 'at most 5 phone numbers', zh: '最多填写 5 个电话号码' },
  INVALID_EMAIL: { en: 'not an email address', zh: '不是有效的电子邮件地址' },
  UNKNOWN_DESIGNATION: { en: (p: { word: string }) => `${p.word}: write 新生代 or 领头雁`, zh: (p) => `${p.word}：请填写“新生代”或“领头雁”` },
  TOO_MANY_TAGS: { en: 'at most 20 tags', zh: '最多 20 个标签' },
  TAG_TOO_LONG: { en: 'a tag is at most 20 characters', zh: '每个标签最多 20 个字符' },

  // Regions
  NOT_HOME_COUNTY: {
    en: '籍贯 must be a county of the home city (by name or code)',
    zh: '籍贯须为家乡城市下辖的县（市、区），可填名称或代码',
  },
  AMBIGUOUS_REGION: {
    en: (p: { count: number }) => `names ${p.count} regions; add the province or city (上海市浦东新区) or give the code`,
    zh: (p) => `对应 ${p.count} 个地区；请加上省或市（如“上海市浦东新区”），或填写代码`,
  },
  UNKNOWN_REGION: { en: 'not a region name or GB/T 2260 code', zh: '不是地区名称或行政区划代码（GB/T 2260）' },

  // Chambers, positions, joining dates
  JOINED_ON_INVALID: {
    en: (p: { raw: string }) => `${p.raw}: not a date up to today (write it as 2020-06-01)`,
    zh: (p) => `${p.raw}：不是今天或以前的日期（请写成 2020-06-01）`,
  },
  EMPTY_CHAMBER_SLOT: { en: 'an empty chamber name between separators', zh: '分隔符之间缺少商会名称' },
  UNKNOWN_CHAMBER: {
    en: (p: { name: string }) => `${p.name}: no live chamber has this exact name`,
    zh: (p) => `${p.name}：没有名称与此完全相同的筹备中或已成立的商会`,
  },
  CHAMBER_OUTSIDE_SCOPE: { en: (p: { name: string }) => `${p.name} is outside your chambers`, zh: (p) => `${p.name}不在您管辖的商会之内` },
  POSITION_NEEDS_CHAMBER: { en: '商会职务 needs 所属商会', zh: '填写商会职务时须同时填写所属商会' },
  JOINED_ON_NEEDS_CHAMBER: { en: '入会日期 needs 所属商会', zh: '填写入会日期时须同时填写所属商会' },
  TOO_MANY_POSITION_SLOTS: {
    en: 'more position slots than chambers (one per chamber, separated by ；)',
    zh: '商会职务的组数多于所属商会（每个商会一组，用“；”分隔）',
  },
  TOO_MANY_DATES: {
    en: 'more dates than chambers (one per chamber, separated by ；)',
    zh: '入会日期多于所属商会（每个商会一个，用“；”分隔）',
  },
  UNKNOWN_POSITION: {
    en: (p: { word: string }) => `${p.word}: not a chamber position (会长, 常务副会长, 副会长, 秘书长 …)`,
    zh: (p) => `${p.word}：不是商会职务（会长、常务副会长、副会长、秘书长……）`,
  },
  POSITIONS_BY_SECRETARIAT: {
    en: (p: { chamber: string }) => `positions of ${p.chamber} are recorded by its secretariat or an administrator`,
    zh: (p) => `${p.chamber}的职务由其秘书处或管理员登记`,
  },
  NO_RUNNING_TERM: {
    en: (p: { chamber: string }) => `${p.chamber} has no running term (届); record it first`,
    zh: (p) => `${p.chamber}尚无在任的届次，请先登记届次`,
  },

  // Enterprises
  ENTERPRISE_FIELD_NEEDS_NAME: { en: 'needs 企业名称', zh: '须同时填写企业名称' },
  TOO_MANY_CREDIT_CODES: {
    en: 'more credit codes than enterprises (separate enterprises with ；)',
    zh: '统一社会信用代码多于企业（多家企业之间用“；”分隔）',
  },
  TOO_MANY_ROLE_GROUPS: {
    en: 'more role groups than enterprises (separate enterprises with ；)',
    zh: '企业职务的组数多于企业（多家企业之间用“；”分隔）',
  },
  ENTERPRISE_NAME_LENGTH: {
    en: (p: { name: string }) => `${p.name}: an enterprise name has 2–100 characters`,
    zh: (p) => `${p.name}：企业名称须为 2–100 个字符`,
  },
  INVALID_CREDIT_CODE: {
    en: (p: { code: string; problem: string }) => `${p.code}: credit code ${p.problem}`,
    zh: (p) => `${p.code}：统一社会信用代码${p.problem}`,
  },
  UNKNOWN_ENTERPRISE_ROLE: {
    en: (p: { word: string }) => `${p.word}: write 法定代表人, 董事长, 总经理 or 股东`,
    zh: (p) => `${p.word}：请填写 法定代表人、董事长、总经理 或 股东`,
  },
  ENTERPRISE_ROLE_REQUIRED: {
    en: (p: { name: string }) => `the member's role in ${p.name} (法定代表人, 董事长, 总经理 or 股东) is required`,
    zh: (p) => `须填写会员在${p.name}的职务（法定代表人、董事长、总经理或股东）`,
  },
  UNKNOWN_INDUSTRY: {
    en: (p: { text: string }) => `${p.text}: not a GB/T 4754-2017 section or division (code or name)`,
    zh: (p) => `${p.text}：不是国民经济行业分类（GB/T 4754-2017）的门类或大类（可填代码或名称）`,
  },

  // Across rows and against the base
  SAME_PERSON: {
    en: (p: { row: number }) => `the same person as row ${p.row}; keep one row per person`,
    zh: (p) => `与第 ${p.row} 行是同一个人；每人只保留一行`,
  },
  POSITION_CLAIMED_IN_FILE: {
    en: (p: { row: number }) => `row ${p.row} already holds this position; a term has one`,
    zh: (p) => `第 ${p.row} 行已担任这一职务；一届只能有一位`,
  },
  POSITION_TAKEN: {
    en: 'the running term already has a holder of this position; end theirs first',
    zh: '本届已有人担任这一职务；请先结束其任期',
  },
  ID_NAME_MISMATCH: {
    en: 'this ID number is registered to a member with another name; check the name or the number',
    zh: '这个身份证号登记在另一个姓名的会员名下；请核对姓名或号码',
  },
  ID_AND_PHONE_DISAGREE: {
    en: 'the ID number and the name + phone point to two different members; merge them first',
    zh: '身份证号与“姓名 + 电话”分别对应两位不同的会员；请先合并他们',
  },
  AMBIGUOUS_NAME_PHONE: {
    en: (p: { count: number }) => `${p.count} members have this name and phone; merge the duplicates first`,
    zh: (p) => `有 ${p.count} 位会员同名且电话相同；请先合并重复的会员`,
  },
  ID_NUMBER_MISMATCH: {
    en: 'a member with this name and phone has a different ID number; check the number',
    zh: '同名且电话相同的会员登记的是另一个身份证号；请核对号码',
  },
  MEMBER_OUTSIDE_SCOPE: {
    en: 'this person is already registered outside your scope; ask the office (or their county) to add them to your chambers',
    zh: '此人已在您的管辖范围以外登记；请联系市经合办（或其所在县）把他加入您的商会',
  },
});

/** The hint after an ID number Excel turned into a number (4.40524E+17): the digits are gone. */
export const EXCEL_NUMBER_HINT = localized(
  ' (Excel may have stored it as a number and dropped digits: format the column as text)',
  '（Excel 可能把它存成了数字并丢掉了部分数字：请把该列设为文本格式）',
);
