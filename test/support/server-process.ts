import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@crm/database';

export { freePort };

export const ROOT = join(__dirname, '..', '..');

/** Resolves with the first stdout line matching `pattern`. */
export function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (match) {
        clearTimeout(timer);
        lines.removeAllListeners('line');
        resolve(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited (${code}) before ${pattern}`)));
  });
}

/** Starts apps/api/src/main.ts as `npm start` would (without the build step). */
export function startServer(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: string[] } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  return { child, output };
}

