import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Caller, CurrentUser, Permission, RequirePermission } from '@crm/auth';
import { Connection, ConnectionArgs, ConnectionResult, ParseIdPipe } from '@crm/shared';
import { NoticeRecipientsArgs, SendNoticeInput, SubmitReturnInput } from '../dtos/inputs/notice.inputs';
import {
  InboxNoticeConnection,
  InboxNoticeDto,
  NoticeDto,
  NoticeRecipientConnection,
  NoticeRecipientDto,
  NoticeReturnDto,
  NoticeStatsDto,
  TodoDto,
} from '../dtos/notice.dto';
import { NoticeService } from '../services/notice.service';
import { TodoSources } from '../services/todo-sources';

const NoticeConnection = Connection(NoticeDto, 'Notice');

@Resolver(() => NoticeDto)
export class NoticeResolver {
  constructor(
    private readonly service: NoticeService,
    private readonly todoSources: TodoSources,
  ) {}

  @Query(() => NoticeConnection, { nullable: true, description: 'Notices you sent or received (your unit and, for a secretariat, the chambers below), newest first.' })
  @RequirePermission(Permission.NoticeRead)
  notices(@CurrentUser() caller: Caller, @Args() args: ConnectionArgs): Promise<ConnectionResult<NoticeDto>> {
    return this.service.list(caller, args);
  }

  @Query(() => NoticeDto, { nullable: true, description: 'One notice (reading it does not mark it read: use openNotice).' })
  @RequirePermission(Permission.NoticeRead)
  notice(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<NoticeDto> {
    return this.service.get(caller, id);
  }

  @Query(() => NoticeRecipientConnection, { nullable: true, description: 'The receipt table of a notice: recipients by name with read / acknowledged / overdue.' })
  @RequirePermission(Permission.NoticeRead)
  async noticeRecipients(@CurrentUser() caller: Caller, @Args() args: NoticeRecipientsArgs): Promise<ConnectionResult<NoticeRecipientDto>> {
    await this.service.get(caller, args.noticeId, undefined, 'noticeId');
    return this.service.recipients(caller, args.noticeId, args, args.filter);
  }

  @Query(() => NoticeStatsDto, { nullable: true, description: 'Counts of the receipt table (within your view of it).' })
  @RequirePermission(Permission.NoticeRead)
  async noticeStats(@CurrentUser() caller: Caller, @Args('noticeId', { type: () => ID }, ParseIdPipe) noticeId: string): Promise<NoticeStatsDto> {
    await this.service.get(caller, noticeId, undefined, 'noticeId');
    return this.service.stats(caller, noticeId);
  }

  @Query(() => [NoticeReturnDto], { nullable: true, description: 'The returns of a notice you may read (the sender: all of them; a recipient: its own).' })
  @RequirePermission(Permission.NoticeRead)
  noticeReturns(@CurrentUser() caller: Caller, @Args('noticeId', { type: () => ID }, ParseIdPipe) noticeId: string): Promise<NoticeReturnDto[]> {
    return this.service.returns(caller, noticeId);
  }

  @Query(() => InboxNoticeConnection, { nullable: true, description: 'Notices sent to your own unit, newest first, with your receipt.' })
  @RequirePermission(Permission.NoticeRead)
  myInbox(@CurrentUser() caller: Caller, @Args() args: ConnectionArgs): Promise<ConnectionResult<InboxNoticeDto>> {
    return this.service.inbox(caller, args);
  }

  @Query(() => [TodoDto], { nullable: true, description: 'What waits for you: notices to acknowledge, returns due, requests awaiting you, registrations open (soonest due first).' })
  @RequirePermission(Permission.NoticeRead)
  myTodos(@CurrentUser() caller: Caller): Promise<TodoDto[]> {
    return this.todoSources.collect(caller);
  }

  @Mutation(() => NoticeDto, { description: 'Send a notice: the target is resolved into the kept recipient list (within your scope).' })
  @RequirePermission(Permission.NoticeSend)
  sendNotice(@CurrentUser() caller: Caller, @Args('input') input: SendNoticeInput): Promise<NoticeDto> {
    return this.service.send(caller, input);
  }

  @Mutation(() => NoticeDto, { description: 'Open a notice sent to your unit: the first opening marks it read.' })
  @RequirePermission(Permission.NoticeRead)
  openNotice(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<NoticeDto> {
    return this.service.open(caller, id);
  }

  @Mutation(() => NoticeRecipientDto, { description: '签收: acknowledge a notice sent to your unit.' })
  @RequirePermission(Permission.NoticeRespond)
  acknowledgeNotice(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<NoticeRecipientDto> {
    return this.service.acknowledge(caller, id);
  }

  @Mutation(() => Int, { description: 'Remind every recipient that has not acknowledged (recorded; at most once an hour). Returns how many.' })
  @RequirePermission(Permission.NoticeSend)
  remindNotice(@CurrentUser() caller: Caller, @Args('id', { type: () => ID }, ParseIdPipe) id: string): Promise<number> {
    return this.service.remind(caller, id);
  }

  @Mutation(() => NoticeReturnDto, { description: 'Submit (or correct, with the version read) your unit’s return, until the deadline.' })
  @RequirePermission(Permission.NoticeRespond)
  submitNoticeReturn(
    @CurrentUser() caller: Caller,
    @Args('noticeId', { type: () => ID }, ParseIdPipe) noticeId: string,
    @Args('input') input: SubmitReturnInput,
  ): Promise<NoticeReturnDto> {
    return this.service.submitReturn(caller, noticeId, input);
  }
}
