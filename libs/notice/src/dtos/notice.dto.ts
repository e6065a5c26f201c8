import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, enumValues } from '@crm/shared';
import { FlowRecipientKind, FlowRecipientKindGraphQL } from './flow-target.input';

export enum NoticePriority {
  Normal = 'NORMAL',
  Urgent = 'URGENT',
}
export enum ReturnFieldType {
  Text = 'TEXT',
  Number = 'NUMBER',
  Date = 'DATE',
  Choice = 'CHOICE',
  Members = 'MEMBERS',
  File = 'FILE',
}
/** Where a recipient stands: 未读, 已读, 已签收; overdue is a flag beside it. */
export enum ReceiptState {
  Unread = 'UNREAD',
  Read = 'READ',
  Acknowledged = 'ACKNOWLEDGED',
}
export const NoticePriorityGraphQL = enumValues(NoticePriority);
export const ReturnFieldTypeGraphQL = enumValues(ReturnFieldType);
export const ReceiptStateGraphQL = enumValues(ReceiptState);
registerEnumType(NoticePriorityGraphQL, { name: 'NoticePriority', description: '普通, 紧急.' });
registerEnumType(ReturnFieldTypeGraphQL, { name: 'ReturnFieldType', description: '文本, 数字, 日期, 选项, 会员名单, 文件.' });
registerEnumType(ReceiptStateGraphQL, { name: 'ReceiptState', description: '未读, 已读, 已签收.' });

@ObjectType('ReturnField', { description: 'One field of a return form (报送表格).' })
export class ReturnFieldDto {
  @Field({ description: 'Stable key the answers name.' })
  key!: string;

  @Field({ description: 'What people read (also the export column header).' })
  label!: string;

  @Field(() => ReturnFieldTypeGraphQL)
  type!: ReturnFieldType;

  @Field()
  required!: boolean;

  @Field(() => [String], { description: 'CHOICE: the allowed values.' })
  options!: string[];
}

@ObjectType('NoticeStats', { description: 'Counts of the receipt table.' })
export class NoticeStatsDto {
  @Field(() => Int) recipients!: number;
  @Field(() => Int) read!: number;
  @Field(() => Int) acknowledged!: number;
  @Field(() => Int, { description: 'Deadline passed, not acknowledged.' }) overdue!: number;
  @Field(() => Int, { description: 'Returns submitted (when a return is asked).' }) returned!: number;
}

@ObjectType('Notice', { description: 'A notice (通知) sent to a target resolved into kept recipients.' })
export class NoticeDto {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field({ description: 'Plain text; paragraphs separated by blank lines.' }) body!: string;
  @Field(() => NoticePriorityGraphQL) priority!: NoticePriority;
  @Field(() => Date, { nullable: true }) deadline!: Date | null;
  @Field({ description: 'OFFICE, COUNTY or CHAMBER.' }) senderKind!: string;
  @Field(() => String, { nullable: true }) senderCountyCode!: string | null;
  @Field(() => ID, { nullable: true }) senderChamberId!: string | null;
  @Field({ description: 'The target rule as sent (JSON).' }) target!: string;
  @Field(() => [ReturnFieldDto], { nullable: true, description: 'The return form, when the notice asks for one.' }) returnForm!: ReturnFieldDto[] | null;
  @Field(() => Int) recipientCount!: number;
  @Field(() => Date) sentAt!: Date;
  @Field(() => [ID], { description: 'Stored files attached (download: GET /attachments/:id).' }) attachmentIds!: string[];
  @Field(() => Int) version!: number;
}

@ObjectType('NoticeRecipient', { description: 'A recipient of a notice with its receipt.' })
export class NoticeRecipientDto {
  @Field(() => ID) id!: string;
  @Field(() => ID) noticeId!: string;
  @Field(() => FlowRecipientKindGraphQL) kind!: FlowRecipientKind;
  @Field(() => ID, { nullable: true }) chamberId!: string | null;
  @Field(() => String, { nullable: true }) countyCode!: string | null;
  @Field(() => ID, { nullable: true }) partyOrganizationId!: string | null;
  @Field() label!: string;
  @Field(() => ReceiptStateGraphQL) state!: ReceiptState;
  @Field({ description: 'Deadline passed and not acknowledged.' }) overdue!: boolean;
  @Field(() => Date, { nullable: true }) readAt!: Date | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Int) reminderCount!: number;
  @Field({ description: 'Whether its return is in.' }) returned!: boolean;
  @Field(() => Int, { description: 'Members a member-based rule matched in this chamber.' }) memberCount!: number;
}
export const NoticeRecipientConnection = Connection(NoticeRecipientDto, 'NoticeRecipient');

@ObjectType('ReturnMember', { description: 'A member listed in a return (name only: no personal data).' })
export class ReturnMemberDto {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('ReturnAnswer')
export class ReturnAnswerDto {
  @Field() key!: string;
  @Field(() => String, { nullable: true, description: 'TEXT, NUMBER (decimal string), DATE (YYYY-MM-DD), CHOICE.' }) value!: string | null;
  @Field(() => [ReturnMemberDto], { nullable: true }) members!: ReturnMemberDto[] | null;
  @Field(() => ID, { nullable: true }) fileId!: string | null;
}

@ObjectType('NoticeReturn', { description: 'A recipient’s return (报送).' })
export class NoticeReturnDto {
  @Field(() => ID) id!: string;
  @Field(() => ID) recipientId!: string;
  @Field() recipientLabel!: string;
  @Field(() => [ReturnAnswerDto]) answers!: ReturnAnswerDto[];
  @Field({ description: 'First submitted after a reminder (the recipient had to be chased).' })
  late!: boolean;
  @Field(() => Date) submittedAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Int) version!: number;
}

@ObjectType('InboxNotice', { description: 'A notice sent to my unit, with my receipt.' })
export class InboxNoticeDto {
  @Field(() => ID) noticeId!: string;
  @Field(() => ID) recipientId!: string;
  @Field() title!: string;
  @Field(() => NoticePriorityGraphQL) priority!: NoticePriority;
  @Field(() => Date) sentAt!: Date;
  @Field(() => Date, { nullable: true }) deadline!: Date | null;
  @Field(() => ReceiptStateGraphQL) state!: ReceiptState;
  @Field() asksReturn!: boolean;
  @Field() returned!: boolean;
}
export const InboxNoticeConnection = Connection(InboxNoticeDto, 'InboxNotice');

@ObjectType('Todo', { description: 'Something waiting for me: a notice to acknowledge, a return due, a request awaiting me, a registration open.' })
export class TodoDto {
  @Field({ description: 'ACKNOWLEDGE_NOTICE, SUBMIT_RETURN, ANSWER_REQUEST, REGISTER_MEETING.' }) kind!: string;
  @Field(() => ID, { description: 'The notice, request or meeting.' }) id!: string;
  @Field() title!: string;
  @Field(() => Date, { nullable: true }) dueAt!: Date | null;
  @Field() overdue!: boolean;
}
