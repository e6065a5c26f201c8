import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger as NestLogger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { join } from 'node:path';
import pino from 'pino';
import { AuditModule } from '@crm/audit';
import { AccessGuard, AuthModule, Caller, Permission, roleHasPermission } from '@crm/auth';
import { ChamberModule } from '@crm/chamber';
import { DatabaseModule } from '@crm/database';
import { DemoModule } from '@crm/demo';
import { JobsModule } from '@crm/jobs';
import { HonorModule } from '@crm/honor';
import { MemberModule } from '@crm/member';
import { OfficialModule } from '@crm/official';
import { CampaignImportModule, VisitModule } from '@crm/visit';
import { MemberExchangeModule, MemberExportModule } from '@crm/member-exchange';
import { PartyExchangeModule, PartyModule } from '@crm/party';
import { RegionModule } from '@crm/region';
import { StorageModule } from '@crm/storage';
import {
  AppConfig,
  AppConfigModule,
  formatGraphQLError,
  GraphQLExceptionFilter,
  InputValidationPipe,
  RequestContext,
  servePreloadedFields,
} from '@crm/shared';
import { UserModule } from '@crm/user';
import { complexityLimitPlugin } from './graphql/complexity.plugin';
import { ErrorCatalogueResolver } from './graphql/error-catalogue.resolver';
import { MAX_DOCUMENT_TOKENS } from './graphql/document-limits';
import { landingPagePlugin } from './graphql/landing-page.plugin';
import { safeDepthLimit } from './graphql/safe-depth-limit';
import { supportedOperationsRule } from './graphql/supported-operations.rule';
import { HealthModule } from './health/health.module';
import { metricsAccessFrom } from './metrics/metrics-access';
import { MetricsModule } from './metrics/metrics.module';

const errorLogger = new NestLogger('GraphQL');


/** Wires configuration, logging, the database, GraphQL and the domain libraries. Nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Written asynchronously (lines coalesced while a write is in flight; flushed at exit):
          // a synchronous write per request line was 5% of a lookup's CPU.
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              genReqId: (req) => (req as { id?: string }).id ?? RequestContext.get()?.requestId ?? 'unknown',
              redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
              autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
              customProps: () => {
                const actor = RequestContext.get()?.actor;
                return actor ? { actorId: actor.id } : {};
              },
            },
            pino.destination({ dest: 1, sync: false }),
          ],
        }),
        DatabaseModule.forRoot(databaseUrl),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: config.SCHEMA_FILE ? join(process.cwd(), config.SCHEMA_FILE) : true,
          sortSchema: true,
          context: ({ req, res }: { req: Request; res: Response }) => ({ req, res }),
          fieldResolverEnhancers: ['guards'],
          // Fields whose values came in their parent's statement answer them without their resolver.
          transformSchema: (schema) =>
            servePreloadedFields(schema, (permission, context) => {
              const caller = (context as { req?: { user?: Caller } }).req?.user;
              return !!caller && roleHasPermission(caller.role, permission as Permission);
            }),
          includeStacktraceInErrorResponses: false,
          // No in-browser IDE (GraphiQL loads from a CDN); a browser opening /graphql gets a static
          // page saying how to use the API (landingPagePlugin).
          graphiql: false,
          playground: false,
          // Backstop for the size check in configureHttp, which refuses big documents with a clearer reason.
          parseOptions: { maxTokens: MAX_DOCUMENT_TOKENS },
          validationRules: [supportedOperationsRule, safeDepthLimit(config.GRAPHQL_MAX_DEPTH)],
          // Automatic persisted queries are not used; refusing them gives a clean, coded error.
          persistedQueries: false,
          // The API sets no cache hints; skipping the cache-control bookkeeping saves time on big answers.
          plugins: [
            complexityLimitPlugin(config.GRAPHQL_MAX_COMPLEXITY),
            ApolloServerPluginCacheControlDisabled(),
            landingPagePlugin(),
          ],
          formatError: (formatted, error) =>
            formatGraphQLError(formatted, error, (e) => errorLogger.error(e instanceof Error ? (e.stack ?? e.message) : String(e))),
        }),
        AuthModule,
        AuditModule,
        RegionModule,
        ChamberModule,
        MemberModule,
        OfficialModule,
        VisitModule,
        JobsModule,
        StorageModule,
        MemberExchangeModule,
        MemberExportModule,
        PartyModule,
        PartyExchangeModule,
        HonorModule,
        CampaignImportModule,
        UserModule,
        DemoModule,
        HealthModule,
        MetricsModule.forRoot(metricsAccessFrom(process.env, config.isProduction)),
      ],
      providers: [
        ErrorCatalogueResolver,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
      ],
    };
  }
}
