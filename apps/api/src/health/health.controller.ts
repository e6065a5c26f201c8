import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@crm/auth';
import { DatabaseHealthService } from '@crm/database';
import { ShutdownState } from './shutdown-state';

@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DatabaseHealthService,
    private readonly shutdown: ShutdownState,
  ) {}

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
    if (this.shutdown.shuttingDown) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'shutting-down', database: 'unknown' };
    }
    const up = await this.db.isReachable();
    if (!up) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ready' : 'not-ready', database: up ? 'up' : 'down' };
  }
}
