import 'reflect-metadata';
import pino from 'pino';
import { DemoSeedService } from '@crm/demo';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '@crm/database';
import { AppConfig, ConfigError, loadConfig } from '@crm/shared';
import { createApp, ShutdownState } from './app.factory';
import { prepareDatabase } from './prepare-database';

const FORCED_EXIT_MS = 15_000;

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
    const prepared = await prepareDatabase(databaseUrl);
    log.log(prepared.migrations.length ? `Applied migrations: ${prepared.migrations.join(', ')}` : 'Database schema is up to date');
    if (prepared.regions) log.log(`Loaded ${prepared.regions} GB/T 2260 regions`);
    const app = await createApp(config, databaseUrl);
    const banner = await app.get(DemoSeedService).bootstrap();
    await app.listen(config.PORT, config.HOST);
    const port = (app.getHttpServer().address() as { port: number }).port;

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      log.log(`${signal} received: readiness off, draining requests`);
      app.get(ShutdownState).shuttingDown = true;
      setTimeout(() => {
        log.error('Shutdown took too long; exiting');
        process.exit(1);
      }, FORCED_EXIT_MS).unref();
      await new Promise((r) => setTimeout(r, config.SHUTDOWN_GRACE_MS));
      await app.close();
      await stopDatabase();
      log.log('Stopped');
      process.exit(0);
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
