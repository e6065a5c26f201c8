/**
 * Chinese for the enum values the office pages show, by GraphQL enum name (checked by
 * test/admin-zh.spec.ts). Visits' and opinions' enums are labelled once, in zh-party.ts.
 */

export const API_KEY_SCOPE: Record<string, string> = {
  CHAMBERS_READ: '读取商会',
  MEMBERS_READ: '读取会员',
  MEMBERS_PERSONAL_DATA: '会员个人信息（明文）',
  PARTY_READ: '读取党建数据',
  PROJECTS_READ: '读取回归项目',
  VISITS_READ: '读取走访',
  WEBHOOKS_MANAGE: '管理事件推送（Webhook）',
};
export const WEBHOOK_DELIVERY_STATUS: Record<string, string> = { PENDING: '待发送', DELIVERED: '已送达', FAILED: '失败' };

export const OFFICE_ENUM_ZH: Record<string, Record<string, string>> = {
  ApiKeyScope: API_KEY_SCOPE,
  WebhookDeliveryStatus: WEBHOOK_DELIVERY_STATUS,
};
