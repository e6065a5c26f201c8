import { defineErrors, ErrorCode } from '@crm/shared';

/** Chinese names of the integration entities, for the generic NOT_FOUND message. */
const ENTITIES = { ApiKey: 'API 密钥', WebhookSubscription: 'Webhook 订阅', WebhookDelivery: 'Webhook 投递记录' };

/** API keys, change feeds and webhooks (issue 17). */
export const IntegrationErrors = defineErrors(
  'integration',
  {
    KEY_MALFORMED: {
      code: ErrorCode.Unauthenticated,
      en: 'The API key is malformed',
      zh: 'API 密钥格式不正确',
    },
    KEY_UNKNOWN: {
      code: ErrorCode.Unauthenticated,
      en: 'The API key is not valid',
      zh: 'API 密钥无效',
    },
    KEY_REVOKED: {
      code: ErrorCode.Unauthenticated,
      en: 'The API key has been revoked',
      zh: 'API 密钥已被吊销',
    },
    KEY_EXPIRED: {
      code: ErrorCode.Unauthenticated,
      en: 'The API key has expired',
      zh: 'API 密钥已过期',
    },
    KEY_RATE_LIMITED: {
      code: ErrorCode.TooManyRequests,
      en: (p: { seconds: number }) => `Too many requests with this API key; try again in ${p.seconds} seconds`,
      zh: (p) => `该 API 密钥请求过于频繁，请 ${p.seconds} 秒后再试`,
    },
    KEY_ALREADY_REVOKED: {
      code: ErrorCode.Conflict,
      en: 'The API key is already revoked',
      zh: '该 API 密钥已经吊销',
    },
    ONE_RESTRICTION: {
      code: ErrorCode.BadUserInput,
      en: 'restrict a key to a chamber subtree or to a county, not both',
      zh: '密钥只能限定到一个商会（含下级）或一个县市区，不能同时限定',
    },
    PERSONAL_DATA_NEEDS_MEMBERS: {
      code: ErrorCode.BadUserInput,
      en: 'members:personal-data needs members:read or party:read beside it',
      zh: 'members:personal-data 权限须与 members:read 或 party:read 同时授予',
    },
    EXPIRY_IN_PAST: {
      code: ErrorCode.BadUserInput,
      en: 'the expiry must be in the future',
      zh: '过期时间必须晚于当前时间',
    },
    UNKNOWN_CHAMBER: {
      code: ErrorCode.BadUserInput,
      en: 'no such chamber',
      zh: '该商会不存在',
    },
    UNKNOWN_COUNTY: {
      code: ErrorCode.BadUserInput,
      en: 'not a known county-level region code',
      zh: '不是已知的县级行政区划代码',
    },
    CURSOR_INVALID: {
      code: ErrorCode.BadUserInput,
      en: 'is not a cursor this feed issued',
      zh: '不是本变更流签发的游标',
    },
    CURSOR_EXPIRED: {
      code: ErrorCode.BadUserInput,
      en: 'is older than the change log keeps; sync again from the start (after: null)',
      zh: '游标已过期（变更记录已清理），请从头重新同步',
    },
    FEED_KIND_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { kind: string }) => `no change feed named ${p.kind}`,
      zh: (p) => `不存在名为 ${p.kind} 的变更流`,
    },
    WEBHOOK_URL_SCHEME: {
      code: ErrorCode.BadUserInput,
      en: 'must be an http or https URL',
      zh: '必须是 http 或 https 地址',
    },
    WEBHOOK_URL_UNRESOLVED: {
      code: ErrorCode.BadUserInput,
      en: (p: { host: string }) => `the host ${p.host} does not resolve`,
      zh: (p) => `无法解析主机 ${p.host}`,
    },
    WEBHOOK_URL_PRIVATE: {
      code: ErrorCode.BadUserInput,
      en: (p: { address: string }) => `resolves to a loopback or private address (${p.address}), which webhooks may not target`,
      zh: (p) => `解析到回环或内网地址（${p.address}），不允许作为 Webhook 目标`,
    },
    WEBHOOK_EVENT_UNKNOWN: {
      code: ErrorCode.BadUserInput,
      en: (p: { type: string }) => `${p.type} is not an event type`,
      zh: (p) => `${p.type} 不是可订阅的事件类型`,
    },
    WEBHOOK_EVENT_OUT_OF_SCOPE: {
      code: ErrorCode.Forbidden,
      en: (p: { type: string }) => `the key's scopes do not cover ${p.type}`,
      zh: (p) => `该密钥的权限范围不包含 ${p.type}`,
    },
    WEBHOOKS_NEED_KEY: {
      code: ErrorCode.Forbidden,
      en: 'webhook subscriptions belong to an API key: call with the key',
      zh: 'Webhook 订阅属于 API 密钥，请使用该密钥调用',
    },
    SUBSCRIPTION_DISABLED: {
      code: ErrorCode.Conflict,
      en: 'the subscription is disabled after repeated failures; enable it first',
      zh: '该订阅因多次投递失败已停用，请先重新启用',
    },
  },
  { entities: ENTITIES },
);
