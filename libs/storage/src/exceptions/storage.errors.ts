import { defineErrors, ErrorCode } from '@crm/shared';

/** Refusals of the file store. */
export const StorageErrors = defineErrors(
  'storage',
  {
    FILE_TOO_LARGE: {
      code: ErrorCode.BadUserInput,
      en: (p: { limitMb: string }) => `The file is larger than ${p.limitMb} MB`,
      zh: (p) => `文件超过 ${p.limitMb} MB 的上限`,
    },
    FILE_EMPTY: {
      code: ErrorCode.BadUserInput,
      en: 'The file is empty',
      zh: '文件是空的',
    },
  },
  { entities: { StoredFile: '文件' } },
);
