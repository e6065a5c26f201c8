import { ErrorCode } from './error-code';
import { defineErrors } from './error-catalogue';

/**
 * Refusals of the shared input layer (the validation pipe, id arguments) and of sign-in
 * checks that happen before any library runs.
 */
export const InputErrors = defineErrors('input', {
  /** class-validator found fields at fault; `detail` is the first field's problem. */
  INVALID: {
    code: ErrorCode.BadUserInput,
    en: (p: { field: string; detail: string }) => `Invalid value for ${p.field}: ${p.detail}`,
    zh: (p) => `输入有误：${p.field} ${p.detail}`,
  },
  UNSTORABLE_TEXT: {
    code: ErrorCode.BadUserInput,
    en: 'must be text without NUL characters or broken Unicode',
    zh: '文本中不能含有 NUL 字符或残缺的 Unicode 字符',
  },
  NOT_AN_ID: {
    code: ErrorCode.BadUserInput,
    en: 'must be a valid id (UUID)',
    zh: '不是有效的 ID（UUID）',
  },
});

/**
 * Chinese for what class-validator (and this project's own rules) say about a field, by the
 * rule's name. Numbers (lengths, bounds) are read from the English message, which states them.
 * Rules not listed get a generic "取值无效".
 */
export function validationMessageZh(constraint: string, message: string): string {
  const n = /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';
  switch (constraint) {
    case 'isNotEmpty':
    case 'isDefined':
      return '不能为空';
    case 'isEmail':
      return '不是有效的电子邮件地址';
    case 'maxLength':
      return `最多 ${n} 个字符`;
    case 'minLength':
      return `至少 ${n} 个字符`;
    case 'isInt':
      return '必须是整数';
    case 'isNumber':
      return '必须是数字';
    case 'min':
      return `不能小于 ${n}`;
    case 'max':
      return `不能大于 ${n}`;
    case 'isEnum':
    case 'isIn':
      return '不是允许的取值';
    case 'isString':
      return '必须是文本';
    case 'isBoolean':
      return '必须是 true 或 false';
    case 'isUuid':
    case 'isUUID':
      return '不是有效的 ID（UUID）';
    case 'isArray':
      return '必须是列表';
    case 'arrayMaxSize':
      return `最多 ${n} 项`;
    case 'arrayMinSize':
      return `至少 ${n} 项`;
    case 'isDate':
      return '必须是日期时间';
    case 'minDate':
    case 'maxDate':
      return '日期超出允许的范围';
    case 'isCalendarDate':
      return /future/.test(message) ? '必须是 YYYY-MM-DD 格式的有效日期，且不能晚于今天' : '必须是 YYYY-MM-DD 格式的有效日期（1900 年起）';
    case 'matches':
      if (/control characters/.test(message)) return '不能包含控制字符或文字方向控制符';
      if (/letter and one digit/.test(message)) return '必须同时包含字母和数字';
      if (/6-digit/.test(message)) return '必须是 6 位行政区划代码（GB/T 2260）';
      if (/18 characters/.test(message)) return '必须是 18 位';
      return '格式不正确';
    case 'whitelistValidation':
      return '不是可接受的字段';
    case 'isAcceptablePassword':
      return '密码不符合要求（长度与复杂度）';
    case 'nestedValidation':
      return '必须是对象';
    default:
      return '取值无效';
  }
}
