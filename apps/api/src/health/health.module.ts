import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

/** Liveness and readiness endpoints, and the readiness check the metrics report too. */
@Module({
  controllers: [HealthController],
  providers: [ShutdownState, ReadinessService],
  exports: [ShutdownState, ReadinessService],
})
export class HealthModule {}
