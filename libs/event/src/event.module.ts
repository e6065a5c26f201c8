import { Module, OnModuleInit } from '@nestjs/common';
import { ChamberModule } from '@crm/chamber';
import { MemberModule } from '@crm/member';
import { NoticeModule, TodoSources } from '@crm/notice';
import { ContactHistoryContributors, VisitModule } from '@crm/visit';
import { MeetingRegistrationScope, MeetingScope } from './access/meeting.scope';
import { MeetingExportController } from './controllers/meeting-export.controller';
import { MeetingResolver } from './resolvers/meeting.resolver';
import { MeetingExportService } from './services/meeting-export.service';
import { MeetingChamberMerge, MeetingMemberMerge } from './services/meeting-merge-participants';
import { MeetingService } from './services/meeting.service';

/** Meetings and registration (docs/information-flow.md); plugs into the to-do list and the contact history. */
@Module({
  imports: [ChamberModule, MemberModule, NoticeModule, VisitModule],
  controllers: [MeetingExportController],
  providers: [MeetingScope, MeetingRegistrationScope, MeetingService, MeetingExportService, MeetingMemberMerge, MeetingChamberMerge, MeetingResolver],
  exports: [MeetingService],
})
export class EventModule implements OnModuleInit {
  constructor(
    private readonly todos: TodoSources,
    private readonly history: ContactHistoryContributors,
    private readonly meetings: MeetingService,
  ) {}

  onModuleInit(): void {
    this.todos.register((caller) => this.meetings.todos(caller));
    this.history.register((caller, subject) => this.meetings.attendancePart(caller, subject));
  }
}
