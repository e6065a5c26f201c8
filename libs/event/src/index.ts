export * from './dtos/meeting.dto';
export * from './exceptions/event.errors';
export * from './services/meeting.service';
export * from './event.module';
