import { Injectable } from '@nestjs/common';

/** Flipped first on SIGTERM/SIGINT so readiness fails while requests drain. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
