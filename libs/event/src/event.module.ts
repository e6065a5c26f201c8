import { Module, OnModuleInit } from '@nestjs/common';
import { NoticeModule, TodoSources } from '@crm/notice';
import { ContactHistoryContributors, VisitModule } from '@crm/visit';
import { MeetingRegistrationScope, MeetingScope } from './access/meeting.scope';
import { MeetingExportController } from './controllers/meeting-export.controller';
import { MeetingResolver } from './resolvers/meeting.resolver';
import { MeetingExportService } from './services/meeting-export.service';
import { MeetingService } from './services/meeting.service';

/** Meetings and registration (docs/information-flow.md); plugs into the to-do list and the contact history. */
@Module({
  imports: [NoticeModule, VisitModule],
  controllers: [MeetingExportController],
  providers: [MeetingScope, MeetingRegistrationScope, MeetingService, MeetingExportService, MeetingResolver],
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
