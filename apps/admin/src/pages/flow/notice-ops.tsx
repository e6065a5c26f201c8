import { graphql, ResultOf } from '../../api/graphql';
import { zhDate } from '../../i18n/zh';
import { groupDigits } from '../../i18n/money';
import { AttachmentLinks } from './flow-common';

/** The notice page's shared reads (the page and its return panel). */
export const NoticeQuery = graphql(`
  query FlowNotice($id: ID!) {
    notice(id: $id) {
      id title body priority deadline senderKind senderChamberId senderCountyCode sentAt recipientCount attachmentIds version
      returnForm { key label type required options }
    }
  }
`);
export const RecipientsQuery = graphql(`
  query FlowNoticeRecipients($noticeId: ID!, $first: Int!, $after: String, $filter: NoticeRecipientFilter) {
    noticeRecipients(noticeId: $noticeId, first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind chamberId countyCode partyOrganizationId label state readAt acknowledgedAt overdue returned reminderCount memberCount } }
    }
  }
`);
export const ReturnsQuery = graphql(`
  query FlowNoticeReturns($noticeId: ID!) {
    noticeReturns(noticeId: $noticeId) {
      id recipientId recipientLabel late version submittedAt updatedAt
      answers { key value fileId members { id name } }
    }
  }
`);

export type Notice = NonNullable<ResultOf<typeof NoticeQuery>['notice']>;
export type Recipient = NonNullable<ResultOf<typeof RecipientsQuery>['noticeRecipients']>['edges'][number]['node'];
export type Return = NonNullable<ResultOf<typeof ReturnsQuery>['noticeReturns']>[number];
export type ReturnAnswer = Return['answers'][number];
export type FormField = NonNullable<Notice['returnForm']>[number];

/** One answer as read: numbers grouped, members by name, a file as a download. */
export function AnswerView({ field, answer }: { field: FormField; answer: ReturnAnswer | undefined }) {
  if (!answer) return <>—</>;
  if (field.type === 'MEMBERS') return <>{answer.members?.length ? answer.members.map((m) => m.name).join('、') : '—'}</>;
  if (field.type === 'FILE') return answer.fileId ? <AttachmentLinks ids={[answer.fileId]} /> : <>—</>;
  if (!answer.value) return <>—</>;
  if (field.type === 'NUMBER') return <>{groupDigits(answer.value)}</>;
  if (field.type === 'DATE') return <>{zhDate(answer.value)}</>;
  return <>{answer.value}</>;
}
