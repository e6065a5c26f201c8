import { GraphQLSchema, isObjectType } from 'graphql';

/** Where a node carries the values of fields that came in the same statement as the node itself. */
const PRELOADED = Symbol('crm.preloaded');

interface Preloadable {
  [PRELOADED]?: Record<string, unknown>;
}

/**
 * Attaches to `node` the values of fields loaded with it (a page's memberships, a membership's
 * chamber): those fields answer them as they are, without calling their resolver. Only for
 * fields without arguments, and only by the service that read the node for a caller already
 * admitted to it and to those fields (the same permission), having applied the same row rules
 * the field's resolver applies (a chamber outside the caller's scope is preloaded as null).
 */
export function withPreloaded<T extends object>(node: T, values: Record<string, unknown>): T {
  const target = node as T & Preloadable;
  target[PRELOADED] = { ...target[PRELOADED], ...values };
  return target;
}

/** `Type.field` pairs whose values a reader may preload (declared by the libraries that do). */
const preloadable = new Set<string>();

/** Declares fields of `typeName` that lean reads may hand out preloaded (see withPreloaded). */
export function declarePreloadable(typeName: string, ...fields: string[]): void {
  for (const field of fields) preloadable.add(`${typeName}.${field}`);
}

/**
 * Lets the declared fields (declarePreloadable) answer a preloaded value when their parent has
 * one (see withPreloaded), and run their resolver as before otherwise: the resolver, with its
 * guards and pipes, is still the one path for everything not preloaded. Used in
 * `transformSchema`, with `mayRead` saying whether the request's caller holds a permission.
 * Fields with arguments are never preloaded.
 *
 * Why: a page of 50 members with their memberships, chambers and enterprises would otherwise
 * call a Nest resolver (context, guard, parameter pipes, a promise and a DataLoader key) some
 * 250 times to hand out rows the page's statement already returned.
 */
export function servePreloadedFields(schema: GraphQLSchema, mayRead: (permission: string, context: unknown) => boolean): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve || field.args.length > 0 || !preloadable.has(`${type.name}.${field.name}`)) continue;
      const name = field.name;
      // The field's own permission (its @RequirePermission, kept in the schema's extensions) is
      // still checked, in memory: a preloaded value never reaches a caller its resolver's guard
      // would refuse, even if the field's permission and its parent's drift apart one day. A
      // field declaring none is never served preloaded (deny by default: its resolver refuses).
      const permission = field.extensions?.permission;
      field.resolve = (parent: Preloadable | null | undefined, args, context, info) => {
        const preloaded = parent?.[PRELOADED];
        if (preloaded !== undefined && Object.hasOwn(preloaded, name) && typeof permission === 'string' && mayRead(permission, context)) return preloaded[name];
        return resolve(parent, args, context, info);
      };
    }
  }
  return schema;
}
