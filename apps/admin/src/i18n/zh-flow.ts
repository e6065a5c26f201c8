/** Chinese for the values the flow pages show: notices, returns, requests upward, meetings, to-dos. */
export const NOTICE_PRIORITY: Record<string, string> = { NORMAL: '普通', URGENT: '紧急' };
export const RECEIPT_STATE: Record<string, string> = { UNREAD: '未读', READ: '已读', ACKNOWLEDGED: '已签收' };
export const RETURN_FIELD_TYPE: Record<string, string> = {
  TEXT: '文本',
  NUMBER: '数字',
  DATE: '日期',
  CHOICE: '选项',
  MEMBERS: '会员名单',
  FILE: '文件',
};
export const RECIPIENT_KIND: Record<string, string> = { CHAMBER: '商会', COUNTY: '县市区办公室', PARTY_ORGANIZATION: '党组织' };
export const TARGET_KIND: Record<string, string> = {
  ALL_CHAMBERS: '全部商会',
  PROVINCE: '某省的商会',
  CHAMBER_SUBTREE: '某商会及其下级商会',
  COUNTIES: '县市区办公室',
  PARTY_ORGANISATIONS: '党组织',
  MEMBERS_WITH_DESIGNATION: '具有某称号的会员所在商会',
  MEMBERS_WITH_HONOUR: '获某荣誉的会员所在商会',
};
export const REQUEST_STATUS: Record<string, string> = { OPEN: '待交办', ASSIGNED: '已交办', ANSWERED: '已答复', CLOSED: '已办结' };
export const MEETING_KIND: Record<string, string> = { ANNUAL_MEETING: '年会', TRAINING: '培训班', INSPECTION_TOUR: '考察', OTHER: '其他' };
export const REGISTRATION_STATUS: Record<string, string> = { REGISTERED: '已报名', WAITLISTED: '候补', CANCELLED: '已取消' };

/** String-typed codes of the API (not GraphQL enums): to-do kinds, senders, request steps and categories. */
export const TODO_KIND: Record<string, string> = {
  ACKNOWLEDGE_NOTICE: '签收通知',
  SUBMIT_RETURN: '填报',
  ANSWER_REQUEST: '答复请示',
  REGISTER_MEETING: '会议报名',
};
export const SENDER_KIND: Record<string, string> = { OFFICE: '市经合办', COUNTY: '县市区办公室', CHAMBER: '商会秘书处' };
export const REQUEST_ACTION: Record<string, string> = {
  RAISED: '提出',
  ASSIGNED: '交办',
  REPLIED: '补充说明',
  ANSWERED: '答复',
  CLOSED: '办结',
  REOPENED: '重新打开',
};
/** The category codes the office routes (SetRequestDeskInput lists them); another code shows as 其他事项. */
export const REQUEST_CATEGORY: Record<string, string> = {
  POLICY: '政策咨询',
  LAND: '用地协调',
  FINANCE: '融资对接',
  TALENT: '人才培训',
  RIGHTS: '权益保护',
  SERVICES: '综合服务',
  OTHER: '其他事项',
};
export function requestCategory(code: string): string {
  return REQUEST_CATEGORY[code] ?? '其他事项';
}

/** Chinese for the enum values the flow pages show, by GraphQL enum name (checked by test/admin-zh.spec.ts). */
export const FLOW_ENUM_ZH: Record<string, Record<string, string>> = {
  NoticePriority: NOTICE_PRIORITY,
  ReceiptState: RECEIPT_STATE,
  ReturnFieldType: RETURN_FIELD_TYPE,
  FlowRecipientKind: RECIPIENT_KIND,
  FlowTargetKind: TARGET_KIND,
  RequestStatus: REQUEST_STATUS,
  MeetingKind: MEETING_KIND,
  RegistrationStatus: REGISTRATION_STATUS,
};
