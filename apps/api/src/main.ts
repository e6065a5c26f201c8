import 'reflect-metadata';
import pino from 'pino';
import { DemoSeedService } from '@crm/demo';
import { EmbeddedPostgresHandle, startEmbeddedPostgres, withStartupLock } from '@crm/database';
import { AppConfig, ConfigError, loadConfig } from '@crm/shared';
import { Server } from 'node:http';
import { createApp, ShutdownState } from './app.factory';
import { HttpDrain } from './http/http-drain';
import { prepareDatabase } from './prepare-database';

/** Beyond grace + drain: closing the app (job queue, pools) and the embedded database. */
const CLOSE_MARGIN_MS = 15_000;

function readConfig(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  // The Nest logger (nestjs-pino) exists only once the app is built; this one covers the rest.
  const pinoLog = pino({ level: config.LOG_LEVEL, base: { pid: process.pid, context: 'Main' } });
  const log = { log: (m: string) => pinoLog.info(m), error: (m: string) => pinoLog.error(m) };
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'crm',
      log: (m) => log.log(m),
    });
    databaseUrl = embedded.url;
    log.log(`Embedded PostgreSQL running on 127.0.0.1:${config.EMBEDDED_PG_PORT} (data in ${config.DATA_DIR}/pg)`);
  }

  const stopDatabase = async () => {
    await embedded?.stop().catch((e: unknown) => log.error(`Stopping embedded PostgreSQL failed: ${String(e)}`));
  };

  try {
    // Migrations, regions, the first administrator, demo data and job queues: one process at a
    // time, so replicas started together on an empty database all come up.
    const { app, banner } = await withStartupLock(
      databaseUrl,
      async () => {
        const prepared = await prepareDatabase(databaseUrl);
        log.log(prepared.migrations.length ? `Applied migrations: ${prepared.migrations.join(', ')}` : 'Database schema is up to date');
        if (prepared.regions) log.log(`Loaded ${prepared.regions} GB/T 2260 regions`);
        const built = await createApp(config, databaseUrl);
        try {
          return { app: built, banner: await built.get(DemoSeedService).bootstrap() };
        } catch (error) {
          await built.close().catch(() => undefined);
          throw error;
        }
      },
      (m) => log.log(m),
    );
    const drain = new HttpDrain(app.getHttpServer() as Server);
    await app.listen(config.PORT, config.HOST);
    const port = (app.getHttpServer().address() as { port: number }).port;

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      log.log(`${signal} received: readiness off, serving with Connection: close for ${config.SHUTDOWN_GRACE_MS} ms`);
      app.get(ShutdownState).shuttingDown = true;
      drain.startClosing();
      setTimeout(() => {
        log.error('Shutdown took too long; exiting');
        process.exit(1);
      }, config.SHUTDOWN_GRACE_MS + config.SHUTDOWN_DRAIN_MS + CLOSE_MARGIN_MS).unref();
      await new Promise((r) => setTimeout(r, config.SHUTDOWN_GRACE_MS));
      log.log(`Grace period over: new requests answered 503 shutting-down, draining ${drain.openConnections} connection(s)`);
      const { cut, listenerClosedAfterMs } = await drain.drain(config.SHUTDOWN_DRAIN_MS);
      log.log(`Drained; the listener closed ${listenerClosedAfterMs} ms after the grace period`);
      if (cut) log.error(`${cut} connection(s) still busy after SHUTDOWN_DRAIN_MS=${config.SHUTDOWN_DRAIN_MS} were cut`);
      // A failure closing the app (a pool, the job queue) still stops the embedded database and
      // ends the process, with a non-zero code; never an unhandled rejection.
      let code = 0;
      await app.close().catch((error: unknown) => {
        code = 1;
        log.error(`Closing the application failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await stopDatabase();
      log.log('Stopped');
      process.exit(code);
    };
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.on('SIGINT', () => void shutdown('SIGINT'));

    const lines = [`GraphQL API ready at http://localhost:${port}/graphql`, `Admin UI at http://localhost:${port}/admin`, ...banner];
    process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
  } catch (error) {
    log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    await stopDatabase();
    process.exit(1);
  }
}

void main();
