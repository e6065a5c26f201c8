import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, getVariableValues, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode } from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '@crm/shared';

/** A list field costs its page size times what each item costs. */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * Math.max(childComplexity, 1) : undefined;

/**
 * Refuses operations whose estimated cost exceeds the limit before any resolver runs
 * (graphql-query-complexity), so one request cannot ask for a page of pages of pages.
 */
export function complexityLimitPlugin(maxComplexity: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // No operation to run (Apollo answers that itself): nothing to estimate.
          if (!operation) return;
          // The estimate needs the variables, before Apollo coerces them: a bad one is the client's error.
          const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors?.length) {
            // graphql-js names the place in its message (Variable "$input" got invalid value … at
            // "input.confirmDuplicate"): the field at fault, as every other refusal gives it.
            const message = coerced.errors[0].message;
            // graphql-js writes list positions as values[0]; the API's fields are dotted (values.0).
            const field = (/\bat "([^"]+)"/.exec(message)?.[1] ?? /^Variable "\$([^"]+)"/.exec(message)?.[1])?.replace(/\[(\d+)\]/g, '.$1');
            // A scalar that explains itself in Chinese (Decimal: "at most 2 decimals") keeps its words.
            const messageZh = coerced.errors[0].extensions?.messageZh;
            throw new GraphQLError(message, {
              extensions: {
                code: ErrorCode.BadUserInput,
                reason: 'BAD_VARIABLES',
                ...(field ? { field } : {}),
                ...(typeof messageZh === 'string' ? { messageZh } : {}),
                http: { status: 400 },
              },
            });
          }
          // The estimate depends on the document, the operation and the variables that can change
          // it (page sizes, @skip/@include conditions: Int and Boolean ones), so it is kept per
          // document (Apollo hands the same parsed document back for the same query text).
          const key = `${operation.name?.value ?? ''}|${costVariablesKey(operation, request.variables)}`;
          let known = estimates.get(document);
          if (!known) estimates.set(document, (known = new Map()));
          let complexity = known.get(key) ?? -1;
          if (complexity < 0) {
            complexity = estimate(schema, document, operation, request.variables ?? {});
            if (known.size < MAX_ESTIMATES_PER_DOCUMENT) known.set(key, complexity);
          }
          if (complexity > maxComplexity) {
            throw new GraphQLError(`This query is too expensive (cost ${complexity}, limit ${maxComplexity}); ask for fewer items or fields`, {
              extensions: { code: ErrorCode.BadUserInput, reason: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** Estimates kept per document: a few variable combinations each (a client paging with varying sizes). */
const MAX_ESTIMATES_PER_DOCUMENT = 32;
const estimates = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * What of the variables the estimate depends on: the values of Int and Boolean ones (page sizes,
 * @skip/@include), and for every variable whether it is left out or null. The two differ: left
 * out, the argument's default applies; null, the estimator refuses it where the argument is
 * non-null (`sort: $sort`, `first: $n`). That refusal must not be skipped by an estimate kept for
 * the same document with the variable set or left out.
 */
function costVariablesKey(operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): string {
  let key = '';
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = variables?.[name];
    let type = definition.type;
    while (type.kind !== Kind.NAMED_TYPE) type = type.type;
    if (value === undefined) key += `${name}:absent;`;
    else if (value === null) key += `${name}:null;`;
    else if (type.name.value === 'Int' || type.name.value === 'Boolean') key += `${name}=${JSON.stringify(value)};`;
  }
  return key;
}

function estimate(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  try {
    return getComplexity({
      schema,
      // The operation Apollo chose, by its own name: a request's operationName that names
      // nothing (an anonymous document) would make the estimator fail.
      operationName: operation.name?.value,
      query: document,
      variables,
      // A field that states its own cost (`complexity` in its options: the change feeds) goes first.
      estimators: [fieldExtensionsEstimator(), connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // graphql-query-complexity stops at 10,000 selections (fragments expanded): fragments
    // spreading each other twice per level would otherwise grow the work exponentially.
    void error;
    throw new GraphQLError('This query is too expensive to estimate; ask for fewer fields', {
      extensions: { code: ErrorCode.BadUserInput, reason: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
    });
  }
}
