export * from './job-queue.service';
export * from './jobs.module';
