import { Module, OnModuleInit } from '@nestjs/common';
import { ChamberModule } from '@crm/chamber';
import { IntegrationModule, WebhookEvents } from '@crm/integration';
import { MemberModule } from '@crm/member';
import { RegionModule } from '@crm/region';
import { StorageModule } from '@crm/storage';
import { NoticeRecipientScope, NoticeReturnScope, NoticeScope, RequestScope } from './access/notice.scope';
import { AttachmentController, AttachmentStoreBinder } from './controllers/attachment.controller';
import { NoticeExportController } from './controllers/notice-export.controller';
import { NoticeResolver } from './resolvers/notice.resolver';
import { RequestResolver } from './resolvers/request.resolver';
import { FLOW_EVENT_TYPES, FlowEvents } from './services/flow-events';
import { NoticeAttachments } from './services/notice-attachments';
import { NoticeExportService } from './services/notice-export.service';
import { NoticeMailer } from './services/notice-mailer';
import { NoticeChamberMerge, NoticeMemberMerge } from './services/notice-merge-participants';
import { NoticeService } from './services/notice.service';
import { RequestService } from './services/request.service';
import { TargetResolver } from './services/target-resolver';
import { TodoSources } from './services/todo-sources';

/** Notices, returns and requests upward (docs/information-flow.md). */
@Module({
  imports: [ChamberModule, MemberModule, RegionModule, StorageModule, IntegrationModule],
  controllers: [AttachmentController, NoticeExportController],
  providers: [
    NoticeScope, NoticeRecipientScope, NoticeReturnScope, RequestScope,
    TargetResolver, FlowEvents, TodoSources, NoticeAttachments, AttachmentStoreBinder, NoticeService, NoticeExportService, RequestService, NoticeMailer, NoticeMemberMerge, NoticeChamberMerge,
    NoticeResolver, RequestResolver,
  ],
  exports: [TargetResolver, FlowEvents, TodoSources, NoticeService, RequestService],
})
export class NoticeModule implements OnModuleInit {
  constructor(
    private readonly todos: TodoSources,
    private readonly notices: NoticeService,
    private readonly requests: RequestService,
    private readonly events: FlowEvents,
    private readonly webhookEvents: WebhookEvents,
  ) {}

  onModuleInit(): void {
    this.todos.register((caller) => this.notices.todos(caller));
    this.todos.register((caller) => this.requests.todos(caller));
    // Webhooks: each flow event is recorded in the change log inside its change's transaction
    // (ids and the event type only), so it is sent if and only if the change commits.
    for (const type of FLOW_EVENT_TYPES) this.webhookEvents.declare(type);
    this.events.subscribeInTransaction((event, em) => this.webhookEvents.publish(event.type, [event.subjectId], em));
  }
}
