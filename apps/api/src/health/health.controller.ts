import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@crm/auth';
import { ReadinessService } from './readiness.service';

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process answers. */
  @Get()
  @Public()
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and the process is not shutting down. */
  @Get('ready')
  @Public()
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: string }> {
    const state = await this.readiness.check();
    if (!state.ready) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    const status = state.shuttingDown ? 'shutting-down' : state.ready ? 'ready' : 'not-ready';
    return { status, database: state.database };
  }
}
