import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service';

/** The PostgreSQL-backed job queue (pg-boss), one per process. */
@Global()
@Module({ providers: [JobQueue], exports: [JobQueue] })
export class JobsModule {}
