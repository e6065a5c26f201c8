import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { HealthModule } from '../health/health.module';
import { GraphQLMetricsPlugin } from './graphql-metrics.plugin';
import { JobQueueStats } from './job-queue-stats';
import { MetricsAccess } from './metrics-access';
import { METRICS_ACCESS } from './metrics.constants';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics: `GET /metrics`, the GraphQL timing plugin, the HTTP timing middleware
 * (mounted by configureHttp, first, so refused bodies are counted too). See docs/operations.md.
 */
@Module({})
export class MetricsModule implements OnApplicationBootstrap {
  constructor(@Inject(METRICS_ACCESS) private readonly access: MetricsAccess) {}

  static forRoot(access: MetricsAccess): DynamicModule {
    return {
      module: MetricsModule,
      imports: [HealthModule],
      controllers: [MetricsController],
      providers: [{ provide: METRICS_ACCESS, useValue: access }, MetricsService, JobQueueStats, GraphQLMetricsPlugin],
      exports: [MetricsService],
    };
  }

  onApplicationBootstrap(): void {
    if (!this.access.enabled) new Logger('Metrics').log('GET /metrics is off: set METRICS_TOKEN to enable it in production');
  }
}
