import { ColumnCatalogue } from '@crm/exchange';
import { defineMessages } from '@crm/shared';

export type PartyMemberColumnKey = 'name' | 'idNumber' | 'phone' | 'joinedOn' | 'standing' | 'relationCounty' | 'unit' | 'mobile' | 'mobileDestination' | 'mobileSince';

/** The party member spreadsheet: template, import and export share these zh-CN headers. */
export const PARTY_MEMBER_COLUMNS = new ColumnCatalogue<PartyMemberColumnKey>([
  { key: 'name', header: '姓名', synonyms: ['党员姓名'], required: true, help: '2–30 个字' },
  { key: 'idNumber', header: '身份证号码', synonyms: ['身份证号', '公民身份号码'], required: true, text: true, help: '18 位居民身份证号码；每人一条记录' },
  { key: 'phone', header: '手机号码', synonyms: ['联系电话', '手机'], text: true, help: '手机或带区号的固定电话' },
  { key: 'joinedOn', header: '入党日期', synonyms: ['入党时间'], help: '如 2001-07-01' },
  { key: 'standing', header: '党员类型', synonyms: ['党员身份'], help: '正式党员 或 预备党员，默认正式党员' },
  { key: 'relationCounty', header: '组织关系所在地', synonyms: ['组织关系所在地代码'], text: true, help: '县（市、区）的 6 位行政区划代码，如 330302' },
  { key: 'unit', header: '所在党支部', synonyms: ['所在党组织', '党支部'], required: true, help: '您所管理的党支部的全称' },
  { key: 'mobile', header: '是否流动党员', synonyms: ['流动党员'], help: '是 或 否，默认否' },
  { key: 'mobileDestination', header: '流入地', synonyms: ['外出地'], help: '流动党员必填' },
  { key: 'mobileSince', header: '外出时间', synonyms: ['流出时间'], help: '流动党员必填，如 2019-03-01' },
]);

/** What a row of a party member file can be refused for (the report's 错误代码 and 说明). */
export const PartyImportRowMessages = defineMessages({
  REQUIRED: { en: 'required', zh: '必填项未填写' },
  TOO_LONG: { en: (p: { max: number }) => `at most ${p.max} characters`, zh: (p) => `最多 ${p.max} 个字符` },
  TOO_SHORT: { en: (p: { min: number }) => `at least ${p.min} characters`, zh: (p) => `至少 ${p.min} 个字符` },
  CONTROL_CHARACTERS: { en: 'contains control characters', zh: '含有控制字符' },
  FORMULA_CELL: { en: 'the cell holds a formula; enter the value itself', zh: '单元格里是公式，请直接填写值' },
  FORMULA_TEXT: { en: 'a value may not start with = (it would run as a formula)', zh: '内容不能以 = 开头（再次打开文件时会被当作公式执行）' },
  INVALID_ID_NUMBER: { en: (p: { reason: string }) => `the ID number ${p.reason}`, zh: (p) => `身份证号码${p.reason}` },
  INVALID_PHONE: { en: (p: { reason: string }) => `the phone ${p.reason}`, zh: (p) => `电话号码${p.reason}` },
  INVALID_DATE: { en: 'not a date written YYYY-MM-DD (not in the future)', zh: '不是有效日期（格式 YYYY-MM-DD，且不晚于今天）' },
  INVALID_STANDING: { en: 'must be 正式党员 or 预备党员', zh: '须为“正式党员”或“预备党员”' },
  INVALID_COUNTY: { en: 'must be a 6-digit region code', zh: '须为 6 位行政区划代码' },
  UNKNOWN_COUNTY: { en: 'not a known region code', zh: '不是已知的行政区划代码' },
  INVALID_FLAG: { en: 'must be 是 or 否', zh: '须为“是”或“否”' },
  UNKNOWN_UNIT: { en: 'not an active branch you keep', zh: '不是您所管理的正常运行的党支部' },
  AMBIGUOUS_UNIT: { en: 'several branches you keep have this name', zh: '您所管理的党支部中有多个同名，无法确定' },
  MOBILE_NEEDS_DETAILS: { en: 'a mobile party member needs where they went and since when', zh: '流动党员须填写流入地和外出时间' },
  OUTSIDE_SCOPE: { en: 'this person is registered under a unit you do not keep', zh: '此人已登记在您管理范围以外的党组织，不能由您导入' },
  DUPLICATE_IN_FILE: { en: (p: { row: number }) => `the same ID number as row ${p.row}`, zh: (p) => `与第 ${p.row} 行的身份证号码相同` },
});

export const PartyImportFailures = defineMessages({
  UPLOADER_NOT_ALLOWED: { en: 'The account that uploaded this import may no longer keep party members', zh: '上传这份文件的账号已无权维护党员信息' },
  GAVE_UP: {
    en: (p: { runs: number; committing: boolean }) => `Stopped after ${p.runs} failed runs${p.committing ? '; commit again (commitPartyMemberImport) to resume' : ''}`,
    zh: (p) => `连续 ${p.runs} 次运行失败，已停止${p.committing ? '；可再次提交以继续' : ''}`,
  },
});
