import { defineErrors, ErrorCode } from '@crm/shared';

/** The officials library's refusals. */
export const OfficialErrors = defineErrors(
  'official',
  {
    COUNTY_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: 'a county-level official needs the county (countyCode); a city-level one has none',
      zh: '县级干部须填写所属县（市、区）；市级干部不填',
    },
    NOT_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a county of the home city`,
      zh: (p) => `${p.code} 不是本市所辖的县（市、区）`,
    },
    OUTSIDE_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { official: string }) => `${p.official} is outside your scope`,
      zh: (p) => `${p.official}不在您的权限范围内`,
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { official: string; current: number; read: number }) => `${p.official} was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `${p.official}已被他人修改（当前版本 ${p.current}，您读取的是 ${p.read}），请刷新后重试`,
    },
    UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `official ${p.id} does not exist`,
      zh: (p) => `干部 ${p.id} 不存在`,
    },
    INACTIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { official: string }) => `${p.official} is no longer active`,
      zh: (p) => `${p.official}已不在任（停用）`,
    },
  },
  { entities: { Official: '干部' } },
);
