import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * In GraphQL, hands every exception to Apollo as a GraphQLError (the original kept inside),
 * where formatGraphQLError decides what the client sees and logs only the unexpected ones.
 * Nest's default handler would log every refused login as an error with a stack, and a value
 * that is not recognisably an Error would be returned as if it were data.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() !== 'graphql') return super.catch(exception, host);
    if (exception instanceof GraphQLError) return exception;
    const message = exception && typeof exception === 'object' && 'message' in exception ? String(exception.message) : String(exception);
    return new GraphQLError(message, { originalError: exception as Error });
  }
}
