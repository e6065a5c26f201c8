import { FLOW_ENUM_ZH } from './zh-flow';
import { INVESTMENT_ENUM_ZH } from './zh-investment';
import { OFFICE_ENUM_ZH } from './zh-office';
import { PARTY_ENUM_ZH } from './zh-party';

/** Chinese for every enum value the pages show: no ACTIVE on screen. */
export const ROLE: Record<string, string> = {
  ADMIN: '管理员（市经合办）',
  COUNTY_OFFICER: '县市区工作人员',
  CHAMBER_SECRETARY: '商会秘书处',
  PARTY_OFFICER: '党工委工作人员',
  PROJECT_OFFICIAL: '项目联系领导或服务专员',
  VIEWER: '只读用户',
};
export const MEMBER_STATUS: Record<string, string> = { ACTIVE: '在册', LEFT: '已退会', DECEASED: '已故', MERGED: '已合并' };
export const GENDER: Record<string, string> = { MALE: '男', FEMALE: '女' };
export const MEMBER_SOURCE: Record<string, string> = {
  CHAMBER_REPORT: '商会报送',
  COUNTY_REPORT: '县市区报送',
  IMPORT: '批量导入',
  INTEGRATION: '系统对接',
  MANUAL: '手工录入',
};
export const DESIGNATION: Record<string, string> = { LEAD_GOOSE: '领军人物（“雁阵”）', NEW_GENERATION: '新生代' };
export const CHAMBER_LEVEL: Record<string, string> = { NATIONAL: '全国', PROVINCIAL: '省级', PREFECTURE: '地市级', COUNTY: '县级' };
export const CHAMBER_STATUS: Record<string, string> = { PREPARING: '筹备中', ACTIVE: '已成立', MERGED: '已合并', DISSOLVED: '已撤销' };
export const CHAMBER_KIND: Record<string, string> = { REGIONAL: '地域商会', INDUSTRY: '行业商会', YOUTH: '青年商会' };
export const POLITICAL_KIND: Record<string, string> = { PEOPLES_CONGRESS_DEPUTY: '人大代表', CPPCC_MEMBER: '政协委员' };
export const POLITICAL_LEVEL: Record<string, string> = { NATIONAL: '全国', PROVINCIAL: '省级', PREFECTURE: '市级', COUNTY: '县级' };
export const ENTERPRISE_ROLE: Record<string, string> = {
  CHAIRMAN: '董事长',
  GENERAL_MANAGER: '总经理',
  LEGAL_REPRESENTATIVE: '法定代表人',
  SHAREHOLDER: '股东',
};
export const POSITION: Record<string, string> = {
  HONORARY_PRESIDENT: '名誉会长',
  PRESIDENT: '会长',
  EXECUTIVE_VICE_PRESIDENT: '常务副会长',
  VICE_PRESIDENT: '副会长',
  SECRETARY_GENERAL: '秘书长',
  DEPUTY_SECRETARY_GENERAL: '副秘书长',
  DIRECTOR: '理事',
  SUPERVISOR_CHAIR: '监事长',
  SUPERVISOR: '监事',
};

export const QUALITY_ITEM: Record<string, string> = {
  ADDRESS: '地址',
  BIRTH_DATE: '出生日期',
  CHAMBER: '所属商会',
  CURRENT_REGION: '现居地',
  ENTERPRISE: '企业',
  GENDER: '性别',
  HOMETOWN: '籍贯',
  ID_NUMBER: '身份证号',
  PHONE: '手机',
  WECHAT: '微信',
};
export const GUILD_HALL_STATUS: Record<string, string> = { PLANNED: '规划中', UNDER_CONSTRUCTION: '在建', BASICALLY_COMPLETE: '基本建成', COMPLETE: '已建成' };
export const DUPLICATE_RULE: Record<string, string> = {
  SAME_ID_NUMBER: '身份证号相同',
  SAME_NAME_PHONE: '姓名和手机相同',
  SAME_NAME_BIRTH_HOMETOWN: '姓名、出生日期和籍贯相同',
};

export const IMPORT_STATUS: Record<string, string> = {
  UPLOADED: '已上传',
  VALIDATING: '校验中',
  VALIDATED: '校验通过',
  INVALID: '有错误',
  COMMITTING: '导入中',
  COMMITTED: '已导入',
  FAILED: '失败',
  CANCELLED: '已取消',
};
export const IMPORT_MODE: Record<string, string> = {
  SKIP: '跳过已有会员（只新增）',
  UPDATE: '用表中非空内容更新已有会员',
  FILL_EMPTY: '只补充已有会员的空白字段',
};

/** The enums above by their GraphQL name, for the test that every value has Chinese. */
export const ENUM_ZH: Record<string, Record<string, string>> = {
  Role: ROLE,
  MemberStatus: MEMBER_STATUS,
  Gender: GENDER,
  MemberSource: MEMBER_SOURCE,
  MemberDesignation: DESIGNATION,
  ChamberLevel: CHAMBER_LEVEL,
  ChamberStatus: CHAMBER_STATUS,
  ChamberKind: CHAMBER_KIND,
  PoliticalRoleKind: POLITICAL_KIND,
  PoliticalLevel: POLITICAL_LEVEL,
  EnterpriseRole: ENTERPRISE_ROLE,
  PositionType: POSITION,
  MemberQualityItem: QUALITY_ITEM,
  GuildHallStatus: GUILD_HALL_STATUS,
  DuplicateRule: DUPLICATE_RULE,
  MemberImportStatus: IMPORT_STATUS,
  MemberImportMode: IMPORT_MODE,
  ...PARTY_ENUM_ZH,
  ...FLOW_ENUM_ZH,
  ...INVESTMENT_ENUM_ZH,
  ...OFFICE_ENUM_ZH,
};

/** The label of an enum value; an unknown value shows as “未知”, never as the raw code. */
export function zh(map: Record<string, string>, value: string | null | undefined): string {
  if (value == null) return '—';
  return map[value] ?? '未知';
}

/** 2026-12-06 → 2026年12月6日; ISO timestamps with the time (Beijing time). */
export function zhDate(value: string | null | undefined): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** Chinese for the codes when an answer carries no messageZh (a network failure, a proxy page). */
export const GENERIC_ZH: Readonly<Record<string, string>> = {
  UNAUTHENTICATED: '尚未登录或登录已过期，请重新登录',
  FORBIDDEN: '无权执行此操作',
  NOT_FOUND: '未找到（不存在或不在您的权限范围内）',
  BAD_USER_INPUT: '输入有误',
  CONFLICT: '数据已被他人修改或与现有数据冲突',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL_SERVER_ERROR: '服务器内部错误，请稍后再试',
  NETWORK_ERROR: '无法连接服务器，请检查网络',
};
