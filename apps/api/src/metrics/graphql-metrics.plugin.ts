import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { MetricsService } from './metrics.service';

/**
 * Times each GraphQL request and counts its errors by `extensions.code`. It reads the response
 * as the client gets it (after formatError), so the codes are the stable ones. Documents refused
 * before Apollo's pipeline (the size and nesting limits) are counted by the HTTP metrics only.
 */
@Plugin()
export class GraphQLMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = process.hrtime.bigint();
    return {
      willSendResponse: async ({ operation, operationName, response, contextValue }) => {
        const signedIn = !!(contextValue as { req?: { user?: unknown } }).req?.user;
        const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
        const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        this.metrics.recordGraphQL({ name: operationName, type: operation?.operation, signedIn }, Number(process.hrtime.bigint() - started) / 1e9, codes);
      },
    };
  }
}
