import { defineErrors, ErrorCode } from '@crm/shared';

/** The region module's refusals (GB/T 2260 reference data). */
export const RegionErrors = defineErrors(
  'region',
  {
    UNKNOWN_CODE: {
      code: ErrorCode.BadUserInput,
      en: (p: { code: string }) => `${p.code} is not a GB/T 2260 region code`,
      zh: (p) => `${p.code} 不是有效的行政区划代码（GB/T 2260）`,
    },
  },
  { entities: { Region: '行政区划' } },
);
