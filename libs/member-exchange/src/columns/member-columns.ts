import { POSITION_LABEL, PositionType } from '@crm/chamber';
import { ColumnCatalogue, ImportColumn } from '@crm/exchange';
import { EnterpriseRole, Gender, MemberDesignation, MemberStatus } from '@crm/member';

export type MemberColumnKey =
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'idNumber'
  | 'phones'
  | 'wechat'
  | 'email'
  | 'address'
  | 'hometown'
  | 'currentRegion'
  | 'chamber'
  | 'position'
  | 'joinedOn'
  | 'enterpriseName'
  | 'creditCode'
  | 'enterpriseRoles'
  | 'industry'
  | 'designations'
  | 'tags'
  | 'note';

/** Columns only an export writes; an import ignores them (so an export can be imported back). */
export type ExportOnlyColumnKey = 'memberId' | 'status' | 'completeness';

/** A member column: the shared column shape (zh-CN header, synonyms, required, text, help). */
export type MemberColumn<K extends string = MemberColumnKey> = ImportColumn<K>;

/** The import/export columns in template order. */
export const MEMBER_COLUMNS: readonly MemberColumn[] = [
  { key: 'name', header: '姓名', synonyms: ['会员姓名', '名字', '人员姓名', '温商姓名'], required: true, help: '必填，2–30 个字' },
  { key: 'gender', header: '性别', synonyms: [], help: '男 / 女；有身份证号时可不填' },
  { key: 'birthDate', header: '出生日期', synonyms: ['出生年月日', '生日', '出生年月'], help: '如 1975-03-08；有身份证号时可不填' },
  { key: 'idNumber', header: '身份证号', synonyms: ['身份证号码', '身份证', '公民身份号码', '证件号码', '身份证件号码'], text: true, help: '18 位（15 位旧号自动升位）' },
  { key: 'phones', header: '手机号码', synonyms: ['手机号', '手机', '联系电话', '电话', '联系方式', '电话号码'], text: true, help: '最多 5 个，用逗号或顿号分隔' },
  { key: 'wechat', header: '微信号', synonyms: ['微信'], help: '' },
  { key: 'email', header: '电子邮箱', synonyms: ['邮箱', '电子邮件', 'email', 'e-mail'], help: '' },
  { key: 'address', header: '通讯地址', synonyms: ['地址', '联系地址', '住址', '家庭住址'], help: '最多 200 个字' },
  { key: 'hometown', header: '籍贯', synonyms: ['籍贯县市区', '户籍地', '家乡'], help: '本市的县（市、区），如 瑞安市 或 330381' },
  { key: 'currentRegion', header: '现居地', synonyms: ['所在地', '所在地区', '现居住地', '经商地', '所在城市'], help: '行政区划名称或代码，如 上海市浦东新区 或 310115' },
  { key: 'chamber', header: '所属商会', synonyms: ['商会', '商会名称', '所在商会'], help: '商会全称；秘书处导入时可不填（即本会）' },
  { key: 'position', header: '商会职务', synonyms: ['职务', '会内职务'], help: '会长、常务副会长、副会长、秘书长、副秘书长、监事长、监事、理事、名誉会长' },
  { key: 'joinedOn', header: '入会日期', synonyms: ['入会时间'], help: '如 2020-06-01' },
  { key: 'enterpriseName', header: '企业名称', synonyms: ['企业', '公司名称', '工作单位', '单位名称', '所在企业'], help: '' },
  { key: 'creditCode', header: '统一社会信用代码', synonyms: ['信用代码', '社会信用代码', '企业信用代码'], text: true, help: '18 位；已登记的企业按此代码关联' },
  { key: 'enterpriseRoles', header: '企业职务', synonyms: ['企业职位', '公司职务'], help: '法定代表人、董事长、总经理、股东，可多个' },
  { key: 'industry', header: '所属行业', synonyms: ['行业', '行业类别'], help: '国民经济行业分类门类或大类，如 C 或 制造业、C13' },
  { key: 'designations', header: '人员类别', synonyms: ['类别', '人员标识'], help: '新生代、领头雁，可多个' },
  { key: 'tags', header: '标签', synonyms: [], help: '最多 20 个，用逗号分隔' },
  { key: 'note', header: '备注', synonyms: ['说明'], help: '最多 1000 个字' },
];

export const EXPORT_ONLY_COLUMNS: readonly MemberColumn<ExportOnlyColumnKey>[] = [
  { key: 'memberId', header: '会员编号', synonyms: [], help: '系统编号（导入时忽略）' },
  { key: 'status', header: '状态', synonyms: [], help: '在册 / 退出 / 已故（导入时忽略）' },
  { key: 'completeness', header: '完整度', synonyms: [], help: '0–100（导入时忽略）' },
];

/** The member kind's catalogue: what the template, the import's header mapping and the export name. */
export const MEMBER_CATALOGUE = new ColumnCatalogue<MemberColumnKey>(MEMBER_COLUMNS, EXPORT_ONLY_COLUMNS);

// Words a spreadsheet uses for enum values (zh-CN), both ways.
export const GENDER_WORDS: Readonly<Record<Gender, string>> = { [Gender.Male]: '男', [Gender.Female]: '女' };

/** The chamber module's own position titles (one list for messages, template, import and export). */
export const POSITION_WORDS: Readonly<Record<PositionType, string>> = POSITION_LABEL;

export const ENTERPRISE_ROLE_WORDS: Readonly<Record<EnterpriseRole, string>> = {
  [EnterpriseRole.LegalRepresentative]: '法定代表人',
  [EnterpriseRole.Chairman]: '董事长',
  [EnterpriseRole.GeneralManager]: '总经理',
  [EnterpriseRole.Shareholder]: '股东',
};

export const DESIGNATION_WORDS: Readonly<Record<MemberDesignation, string>> = {
  [MemberDesignation.NewGeneration]: '新生代',
  [MemberDesignation.LeadGoose]: '领头雁',
};

export const STATUS_WORDS: Readonly<Record<MemberStatus, string>> = {
  [MemberStatus.Active]: '在册',
  [MemberStatus.Left]: '退出',
  [MemberStatus.Deceased]: '已故',
  [MemberStatus.Merged]: '已合并',
};

/** A value's enum key by its word (or the enum value itself, any case). */
export function wordToEnum<E extends string>(words: Readonly<Record<E, string>>, raw: string, aliases: Readonly<Record<string, E>> = {}): E | undefined {
  const value = raw.trim();
  for (const [key, word] of Object.entries(words) as [E, string][]) {
    if (word === value || key === value.toUpperCase()) return key;
  }
  return aliases[value];
}

/** Separators of list cells (tags, roles, designations): punctuation and spaces. */
const LIST_SEPARATORS = /[,，;；、/|\s]+/;
/** Phones keep their inner spaces (0577 8888 1234): only punctuation and line breaks separate them. */
const PHONE_SEPARATORS = /[,，;；、/|\r\n]+/;

export function splitList(raw: string): string[] {
  return raw.split(LIST_SEPARATORS).map((s) => s.trim()).filter(Boolean);
}

export function splitPhones(raw: string): string[] {
  return raw.split(PHONE_SEPARATORS).map((s) => s.trim()).filter(Boolean);
}

/** How the export joins several values in one cell (the import splits on it). */
export const LIST_JOINER = '；';
