import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@crm/shared';
import { AppModule } from './app.module';
import { installAdminUi } from './http/admin-ui';
import { configureHttp } from './http/configure-http';
import { installGraphQLLane } from './http/graphql-lane';

/**
 * Builds the whole application for a migrated database, ready to listen. The server entry
 * point and the integration tests both use this, so tests run the real wiring.
 */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app, config);
  installAdminUi(app);
  await app.init();
  installGraphQLLane(app, config);
  return app;
}

export { AppModule };
export { ShutdownState } from './health/shutdown-state';
export { prepareDatabase } from './prepare-database';
