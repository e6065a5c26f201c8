import { Injectable } from '@nestjs/common';
import { DatabaseHealthService } from '@crm/database';
import { ShutdownState } from './shutdown-state';

export interface Readiness {
  /** True when the process should receive traffic: the database answers and no shutdown has begun. */
  ready: boolean;
  database: 'up' | 'down' | 'unknown';
  shuttingDown: boolean;
}

/**
 * The one readiness check: `GET /health/ready` answers from it and the `crm_ready` and
 * `crm_database_up` metrics report it, so a dashboard and the load balancer never disagree.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly db: DatabaseHealthService,
    private readonly shutdown: ShutdownState,
  ) {}

  async check(): Promise<Readiness> {
    // While draining, the database is not probed: readiness is off whatever it answers.
    if (this.shutdown.shuttingDown) return { ready: false, database: 'unknown', shuttingDown: true };
    const up = await this.db.isReachable();
    return { ready: up, database: up ? 'up' : 'down', shuttingDown: false };
  }
}
