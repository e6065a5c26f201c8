import { GraphQLError, ValidationRule } from 'graphql';

/**
 * Refuses operations of a type the schema does not define (this API has no subscriptions).
 * graphql-js 16 validates such a document and only fails at execution, which Apollo reports as
 * INTERNAL_SERVER_ERROR; as a validation error it is the client's BAD_USER_INPUT (400).
 */
export const supportedOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(
        new GraphQLError(`This API does not support ${node.operation} operations`, {
          nodes: node,
          extensions: { messageZh: node.operation === 'subscription' ? '本接口不支持订阅（subscription）操作' : `本接口不支持 ${node.operation} 操作` },
        }),
      );
    }
  },
});
