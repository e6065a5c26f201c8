import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Injectable } from '@nestjs/common';
import {
  DocumentNode,
  ExecutionResult,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  OperationDefinitionNode,
  astFromValue,
  execute,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isInputType,
  isListType,
  typeFromAST,
  valueFromASTUntyped,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Compiled = CompiledQuery | ExecutionResult;
type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Loaded = Awaited<ReturnType<GatewayInterface['load']>>;
type GatewayExecutor = NonNullable<Loaded['executor']>;
type GatewayGraphQLRequestContext = Parameters<GatewayExecutor>[0];

/**
 * Apollo Server, with its parsing, validation, plugins, error formatting and HTTP handling as
 * they are, but with each validated document compiled once by graphql-jit and run as that
 * compiled function from then on (graphql-js walks the document anew on every request).
 *
 * Apollo takes an executor only from a gateway, and refuses a gateway beside a schema, so the
 * schema Nest built is handed over as a gateway that serves it unchanged: the same resolvers,
 * the same field guards, the same deny-by-default walk.
 */
@Injectable()
export class JitApolloDriver extends ApolloDriver {
  protected override async registerExpress(options: ApolloDriverConfig, hooks?: { preStartHook?: () => void }): Promise<void> {
    const schema = options.schema as GraphQLSchema;
    const served = { ...options, schema: undefined, typeDefs: undefined, resolvers: undefined, gateway: compiledSchemaGateway(schema) };
    await super.registerExpress(served as ApolloDriverConfig, hooks);
  }
}

/** A gateway that serves one fixed schema through compiled queries. */
export function compiledSchemaGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async load() {
      return { schema, executor: compiledExecutor(schema) };
    },
    async stop() {
      // Nothing to release: the compiled queries go with the schema.
    },
  };
}

/**
 * Runs a request through the compiled form of its document, compiling on first use. Compiled
 * queries hang off the parsed document, which Apollo's document store keeps per query text, so
 * they live exactly as long as the document does.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiledByDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const compiledFor = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byOperation = compiledByDocument.get(document);
    if (!byOperation) compiledByDocument.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let compiled = byOperation.get(key);
    if (!compiled) byOperation.set(key, (compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true })));
    return compiled;
  };

  const defaults = new InputDefaults(schema);

  return async (request: GatewayGraphQLRequestContext) => {
    const { document, operation } = request;
    // The name the client asked for (Apollo's own `operationName` is the one it resolved, if any).
    const operationName = request.request.operationName ?? undefined;
    const variables = request.request.variables ?? {};
    // No operation by that name: graphql-js gives the error Apollo turns into OPERATION_RESOLUTION_FAILURE.
    if (!operation) return execute({ schema, document, operationName, variableValues: variables, contextValue: request.context });
    // Bad variables are refused by graphql-js itself, so their errors keep the form (and the
    // BAD_USER_INPUT code Apollo gives them) they have always had.
    const refused = refusedVariables(schema, operation, variables);
    if (refused) return refused;
    const compiled = compiledFor(document, operationName);
    if (!isCompiledQuery(compiled)) return compiled;
    return (await compiled.query(undefined, request.context, defaults.fill(operation, variables))) as ExecutionResult;
  };
}

/**
 * Fills in what a client may leave out because the operation or the schema gives it a
 * default, written as a client would send it. graphql-jit refuses an omitted non-null variable
 * or input field even when it has a default; graphql-js (and the GraphQL specification) take
 * the default. Values are copied where something is filled in, never changed in place.
 */
class InputDefaults {
  /** Per input object type: its fields with a default (external form), or null for none anywhere below. */
  private readonly plans = new Map<string, InputPlan | null>();
  private readonly planning = new Set<string>();

  constructor(private readonly schema: GraphQLSchema) {}

  fill(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    for (const definition of operation.variableDefinitions ?? []) {
      const name = definition.variable.name.value;
      const given = variables[name];
      let value: unknown = given;
      if (given === undefined && definition.defaultValue) value = valueFromASTUntyped(definition.defaultValue);
      else if (given != null) {
        const type = typeFromAST(this.schema, definition.type);
        if (type && isInputType(type)) value = this.value(type, given);
      }
      if (value !== given) (out ??= { ...variables })[name] = value;
    }
    return out ?? variables;
  }

  private value(type: GraphQLInputType, value: unknown): unknown {
    const named = getNullableType(type);
    if (value == null) return value;
    if (isListType(named)) {
      if (!Array.isArray(value)) return this.value(named.ofType, value);
      let out: unknown[] | undefined;
      value.forEach((item, i) => {
        const filled = this.value(named.ofType, item);
        if (filled !== item) (out ??= [...value])[i] = filled;
      });
      return out ?? value;
    }
    if (!isInputObjectType(named) || typeof value !== 'object' || Array.isArray(value)) return value;
    const plan = this.plan(named);
    if (!plan) return value;
    const given = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const [field, fieldDefault] of plan.defaults) {
      if (given[field] === undefined) (out ??= { ...given })[field] = fieldDefault;
    }
    for (const [field, fieldType] of plan.nested) {
      const inner = given[field];
      if (inner == null) continue;
      const filled = this.value(fieldType, inner);
      if (filled !== inner) (out ??= { ...given })[field] = filled;
    }
    return out ?? value;
  }

  private plan(type: GraphQLInputObjectType): InputPlan | null {
    if (this.plans.has(type.name)) return this.plans.get(type.name) ?? null;
    if (this.planning.has(type.name)) return PENDING; // a cycle: walked at run time, planned once
    this.planning.add(type.name);
    const defaults: [string, unknown][] = [];
    const nested: [string, GraphQLInputType][] = [];
    for (const field of Object.values(type.getFields())) {
      if (field.defaultValue !== undefined) {
        const literal = astFromValue(field.defaultValue, field.type);
        if (literal) defaults.push([field.name, valueFromASTUntyped(literal)]);
      }
      const inner = getNamedType(field.type);
      if (isInputObjectType(inner) && this.plan(inner)) nested.push([field.name, field.type]);
    }
    const plan = defaults.length || nested.length ? { defaults, nested } : null;
    this.planning.delete(type.name);
    this.plans.set(type.name, plan);
    return plan;
  }
}

interface InputPlan {
  defaults: [string, unknown][];
  nested: [string, GraphQLInputType][];
}

const PENDING: InputPlan = Object.freeze({ defaults: [], nested: [] }) as unknown as InputPlan;

function refusedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): ExecutionResult | undefined {
  if (!operation.variableDefinitions?.length) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 50 });
  return coerced.errors ? { errors: coerced.errors } : undefined;
}
