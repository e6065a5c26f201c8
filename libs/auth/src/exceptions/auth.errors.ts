import { defineErrors, ErrorCode } from '@crm/shared';

/** Refusals of the access guard itself, before any library's resolver runs. */
export const AuthErrors = defineErrors('auth', {
  /**
   * The account signed in with a temporary password (set by an administrator or its
   * secretariat): until it chooses its own, only `me`, `changePassword` and `logout` answer.
   */
  PASSWORD_CHANGE_REQUIRED: {
    code: ErrorCode.Forbidden,
    en: 'Change your temporary password first (changePassword); until then only me, changePassword and logout answer',
    zh: '请先修改临时密码；修改前只能查看本人信息、修改密码或退出登录',
  },
});
