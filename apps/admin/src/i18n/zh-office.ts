/** Chinese for the enum values the office pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */

export const API_KEY_SCOPE: Record<string, string> = {
  CHAMBERS_READ: '读取商会',
  MEMBERS_READ: '读取会员',
  MEMBERS_PERSONAL_DATA: '会员个人信息（明文）',
  PARTY_READ: '读取党建数据',
  PROJECTS_READ: '读取回归项目',
  VISITS_READ: '读取走访',
  WEBHOOKS_MANAGE: '管理事件推送（Webhook）',
};
export const OFFICE_FEEDBACK_STATUS: Record<string, string> = { OPEN: '待分派', ASSIGNED: '办理中', ANSWERED: '已答复', CLOSED: '已办结' };
export const OFFICE_VISIT_KIND: Record<string, string> = {
  SERVICE: '走商会、送服务',
  PROMOTION: '推介会',
  SEMINAR: '座谈会',
  HOME_INSPECTION: '回乡投资考察',
  INTRODUCED_DELEGATION: '引荐考察',
  CONDOLENCE: '慰问',
};
export const OFFICE_FEEDBACK_CATEGORY: Record<string, string> = {
  FINANCE: '融资',
  LAND: '用地',
  POLICY: '政策',
  RIGHTS: '维权',
  SERVICES: '政务服务',
  TALENT: '人才',
  OTHER: '其他',
};
export const WEBHOOK_DELIVERY_STATUS: Record<string, string> = { PENDING: '待发送', DELIVERED: '已送达', FAILED: '失败' };

export const OFFICE_ENUM_ZH: Record<string, Record<string, string>> = {
  ApiKeyScope: API_KEY_SCOPE,
  FeedbackStatus: OFFICE_FEEDBACK_STATUS,
  VisitKind: OFFICE_VISIT_KIND,
  FeedbackCategory: OFFICE_FEEDBACK_CATEGORY,
  WebhookDeliveryStatus: WEBHOOK_DELIVERY_STATUS,
};
