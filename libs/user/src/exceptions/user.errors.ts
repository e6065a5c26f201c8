import { Role } from '@crm/auth';
import { defineErrors, ErrorCode, Localized, localized } from '@crm/shared';

const ROLE_ZH: Readonly<Record<Role, string>> = {
  [Role.Admin]: '管理员（市经合办）',
  [Role.CountyOfficer]: '县市区工作人员',
  [Role.ChamberSecretary]: '商会秘书处',
  [Role.PartyOfficer]: '党工委工作人员',
  [Role.ProjectOfficial]: '项目联系领导或服务专员',
  [Role.Viewer]: '只读用户',
};

/** A role as the messages name it: the code in English, the title in Chinese. */
export const roleText = (role: Role): Localized => localized(role, ROLE_ZH[role] ?? role);

/** Accounts, sign-in and sessions. */
export const UserErrors = defineErrors(
  'user',
  {
    // Signing in and sessions
    BAD_CREDENTIALS: {
      code: ErrorCode.Unauthenticated,
      en: 'Email or password is incorrect',
      zh: '邮箱或密码不正确',
    },
    ACCOUNT_DISABLED: {
      code: ErrorCode.Unauthenticated,
      en: 'This account is disabled; ask an administrator',
      zh: '该账号已停用，请联系管理员',
    },
    ACCOUNT_CHANGED_DURING_SIGN_IN: {
      code: ErrorCode.Unauthenticated,
      en: 'The account changed while signing in; sign in again',
      zh: '登录过程中账号发生了变化，请重新登录',
    },
    REFRESH_TOKEN_INVALID: {
      code: ErrorCode.Unauthenticated,
      en: 'The refresh token is not valid; sign in again',
      zh: '刷新令牌无效，请重新登录',
    },
    REFRESH_TOKEN_REUSED: {
      code: ErrorCode.Unauthenticated,
      en: 'This refresh token was already used or revoked; the session has been ended, sign in again',
      zh: '该刷新令牌已被使用或已撤销，会话已结束，请重新登录',
    },
    SESSION_EXPIRED: {
      code: ErrorCode.Unauthenticated,
      en: 'The session has expired; sign in again',
      zh: '会话已过期，请重新登录',
    },
    TOO_MANY_SIGN_IN_FAILURES: {
      code: ErrorCode.TooManyRequests,
      en: (p: { minutes: number }) => `Too many failed sign-in attempts; try again in ${p.minutes} minutes`,
      zh: (p) => `登录失败次数过多，请 ${p.minutes} 分钟后再试`,
    },
    NOT_YOUR_REFRESH_TOKEN: {
      code: ErrorCode.BadUserInput,
      en: 'is not a refresh token of yours',
      zh: '不是您的刷新令牌',
    },
    LOGOUT_NEEDS_TOKEN: {
      code: ErrorCode.BadUserInput,
      en: 'give the refresh token to end, or everywhere: true',
      zh: '请提供要结束的刷新令牌，或设置 everywhere: true 退出所有设备',
    },

    // Passwords
    PASSWORD_UNCHANGED: {
      code: ErrorCode.BadUserInput,
      en: 'The new password must differ from the current one',
      zh: '新密码不能与当前密码相同',
    },
    PASSWORD_CONTAINS_EMAIL: {
      code: ErrorCode.BadUserInput,
      en: 'The new password must not contain your email name',
      zh: '新密码不能包含您邮箱 @ 前面的用户名',
    },
    WRONG_CURRENT_PASSWORD: {
      code: ErrorCode.BadUserInput,
      en: 'The current password is incorrect',
      zh: '当前密码不正确',
    },

    // User administration
    EMAIL_TAKEN: {
      code: ErrorCode.Conflict,
      en: (p: { email: string }) => `A user with email ${p.email} already exists`,
      zh: (p) => `邮箱为 ${p.email} 的用户已存在`,
    },
    STALE_VERSION: {
      code: ErrorCode.Conflict,
      en: (p: { current: number; read: number }) => `This user was changed by someone else (version ${p.current}, you read ${p.read}); reload and try again`,
      zh: (p) => `该用户已被他人修改（当前版本 ${p.current}，您读取的是版本 ${p.read}），请刷新后重试`,
    },
    CANNOT_DEMOTE_SELF: {
      code: ErrorCode.Conflict,
      en: 'You cannot remove your own administrator role or disable yourself; ask another administrator',
      zh: '您不能取消自己的管理员角色或停用自己的账号，请由其他管理员操作',
    },
    LAST_ADMIN: {
      code: ErrorCode.Conflict,
      en: 'This is the last active administrator; appoint another one first',
      zh: '这是最后一位在用的管理员，请先任命另一位管理员',
    },
    SCOPE_FIELD_REQUIRED: {
      code: ErrorCode.BadUserInput,
      en: (p: { key: string; role: string }) => `${p.key} is required for role ${p.role}`,
      zh: (p) => `角色“${p.role}”需要填写 ${p.key}`,
    },
    SCOPE_FIELD_NOT_APPLICABLE: {
      code: ErrorCode.BadUserInput,
      en: (p: { key: string; role: string }) => `${p.key} does not apply to role ${p.role}`,
      zh: (p) => `${p.key} 不适用于角色“${p.role}”，请留空`,
    },
    SCOPE_NOT_HOME_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: (p: { homeCity: string }) => `countyCode must be a county of the home city ${p.homeCity}`,
      zh: (p) => `countyCode 必须是家乡城市（${p.homeCity}）下辖的县（市、区）`,
    },
    SCOPE_CHAMBER_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `chamber ${p.id} does not exist`,
      zh: (p) => `商会 ${p.id} 不存在`,
    },
    SCOPE_OFFICIAL_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { id: string }) => `official ${p.id} does not exist`,
      zh: (p) => `干部 ${p.id} 不存在`,
    },
    STAFF_NO_CHAMBER: {
      code: ErrorCode.Forbidden,
      en: 'Your account belongs to no chamber; only a chamber secretariat keeps staff accounts',
      zh: '您的账号不属于任何商会，只有商会秘书处可以管理本会工作人员账号',
    },
    STAFF_NOT_SELF: {
      code: ErrorCode.Conflict,
      en: 'You cannot disable or enable your own account',
      zh: '不能停用或启用自己的账号',
    },
    STAFF_DISABLED_BY_ADMIN: {
      code: ErrorCode.Forbidden,
      en: 'This account was disabled by an administrator (or outside the secretariat); only an administrator can enable it again',
      zh: '该账号由系统管理员停用，只有管理员可以重新启用',
    },
    SCOPE_CHAMBER_NOT_LIVE: {
      code: ErrorCode.BadUserInput,
      en: (p: { chamber: string; status: string }) => `${p.chamber} is ${p.status}; choose a live chamber`,
      zh: (p) => `${p.chamber}当前状态为“${p.status}”，请选择筹备中或已成立的商会`,
    },
  },
  { entities: { User: '用户' } },
);
