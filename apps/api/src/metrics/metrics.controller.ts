import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@crm/auth';
import { ErrorCode } from '@crm/shared';
import { MetricsAccess, presentsToken } from './metrics-access';
import { METRICS_ACCESS } from './metrics.constants';
import { MetricsService } from './metrics.service';

/** `GET /metrics` in the Prometheus text format; who may read it: metrics-access.ts. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  // Not a user endpoint: the bearer here is METRICS_TOKEN, checked below, not a user's JWT.
  @Get()
  @Public()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    if (!this.access.enabled) {
      res.status(404).json({
        errors: [
          {
            message: 'Metrics are off: set METRICS_TOKEN to enable GET /metrics in production',
            extensions: { code: ErrorCode.NotFound, reason: 'METRICS_DISABLED', messageZh: '监控指标未开启：生产环境需设置 METRICS_TOKEN' },
          },
        ],
      });
      return;
    }
    if (!presentsToken(this.access, req.headers.authorization)) {
      res.status(401).setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.json({
        errors: [
          {
            message: 'Reading metrics needs Authorization: Bearer <METRICS_TOKEN>',
            extensions: { code: ErrorCode.Unauthenticated, reason: 'METRICS_TOKEN_REQUIRED', messageZh: '读取监控指标需要提供 METRICS_TOKEN' },
          },
        ],
      });
      return;
    }
    const body = await this.metrics.scrape();
    // res.end, not res.send: Express would splice a charset into Prometheus's content type.
    res.status(200).setHeader('content-type', this.metrics.contentType);
    res.end(body);
  }
}
