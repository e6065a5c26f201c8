/**
 * GraphQL names enum values after TypeScript keys; this view of a string enum uses the stored
 * values instead (`NEW_GENERATION`, not `NewGeneration`), for `registerEnumType`.
 */
export function enumValues<E extends Record<string, string>>(e: E): { [K in E[keyof E]]: K } {
  return Object.fromEntries(Object.values(e).map((v) => [v, v])) as { [K in E[keyof E]]: K };
}
