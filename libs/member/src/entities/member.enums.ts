export enum Gender {
  Male = 'MALE',
  Female = 'FEMALE',
}

export enum MemberStatus {
  Active = 'ACTIVE',
  /** No longer followed (moved on, asked to be left alone); the record stays. */
  Left = 'LEFT',
  Deceased = 'DECEASED',
  /** A duplicate merged into another member: a tombstone pointing to the survivor. */
  Merged = 'MERGED',
}

export enum MemberDesignation {
  /** 新生代: second-generation and young merchants. */
  NewGeneration = 'NEW_GENERATION',
  /** 领头雁: leading figures the office follows closely. */
  LeadGoose = 'LEAD_GOOSE',
}

export enum MemberSource {
  /** Typed in through the API or the admin UI. */
  Manual = 'MANUAL',
  /** From a spreadsheet import. */
  Import = 'IMPORT',
  /** Reported by a county office. */
  CountyReport = 'COUNTY_REPORT',
  /** Reported by a chamber's secretariat. */
  ChamberReport = 'CHAMBER_REPORT',
  /** Pushed by another system. */
  Integration = 'INTEGRATION',
}

export enum PoliticalRoleKind {
  /** 人大代表 */
  PeoplesCongressDeputy = 'PEOPLES_CONGRESS_DEPUTY',
  /** 政协委员 */
  CppccMember = 'CPPCC_MEMBER',
}

export enum PoliticalLevel {
  National = 'NATIONAL',
  Provincial = 'PROVINCIAL',
  Prefecture = 'PREFECTURE',
  County = 'COUNTY',
}

export enum EnterpriseRole {
  /** 法定代表人 */
  LegalRepresentative = 'LEGAL_REPRESENTATIVE',
  /** 董事长 */
  Chairman = 'CHAIRMAN',
  /** 总经理 */
  GeneralManager = 'GENERAL_MANAGER',
  /** 股东 */
  Shareholder = 'SHAREHOLDER',
}

/** 大型 / 中型 / 小型 / 微型, as the statistics bureau sizes enterprises. */
export enum EnterpriseSize {
  Large = 'LARGE',
  Medium = 'MEDIUM',
  Small = 'SMALL',
  Micro = 'MICRO',
}

/** The items of the completeness score (SQL function refresh_member_quality). */
export enum MemberQualityItem {
  Gender = 'GENDER',
  BirthDate = 'BIRTH_DATE',
  IdNumber = 'ID_NUMBER',
  Phone = 'PHONE',
  Wechat = 'WECHAT',
  Address = 'ADDRESS',
  Hometown = 'HOMETOWN',
  CurrentRegion = 'CURRENT_REGION',
  Enterprise = 'ENTERPRISE',
  Chamber = 'CHAMBER',
}

export const MAX_PHONES = 5;
export const MAX_TAGS = 20;
