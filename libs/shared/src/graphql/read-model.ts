import { FieldSelection } from './selection';

/**
 * How one GraphQL object type reads from its table, for lean reads: which columns a selection
 * needs, as plain rows (or JSON objects inside a parent's row) rather than hydrated entities.
 * Each library declares the read models of its own tables.
 */
export interface ReadModel<Row> {
  /** The GraphQL type name (to tell plain fields from fields with a resolver). */
  typeName: string;
  /** Row property → SQL over the table alias (`{a}` stands for the alias); the row carries the property under this name. */
  columns: { readonly [P in keyof Row]-?: string };
  /** Properties always read (the id the relations and resolvers key on). */
  always: readonly (keyof Row)[];
  /** GraphQL field → the row properties it reads, where the field is not itself a property (birthYear → birthDate). */
  reads?: Readonly<Record<string, readonly (keyof Row)[]>>;
  /** Timestamp properties: inside JSON they arrive as text and are turned back into Dates. */
  timestamps?: readonly (keyof Row)[];
}

/** The row properties `selection` needs; every property when a selected field is unknown to the model. */
export function propertiesFor<Row>(model: ReadModel<Row>, selection: FieldSelection): (keyof Row)[] {
  const wanted = new Set<keyof Row>(model.always);
  for (const field of selection.keys()) {
    if (field === '__typename') continue;
    const reads = model.reads && Object.hasOwn(model.reads, field) ? model.reads[field] : undefined;
    if (reads) reads.forEach((p) => wanted.add(p));
    else if (Object.hasOwn(model.columns, field)) wanted.add(field as keyof Row);
    else return Object.keys(model.columns) as (keyof Row)[];
  }
  return [...wanted];
}

/** `[expression, property]` pairs to select for `selection` over `alias`. */
export function leanColumns<Row>(model: ReadModel<Row>, alias: string, selection: FieldSelection): [string, string][] {
  return propertiesFor(model, selection).map((p) => [model.columns[p].replaceAll('{a}', alias), String(p)]);
}

/**
 * A `json_build_object(…)` of what `selection` needs of the row `alias`. PostgreSQL takes at most
 * 100 arguments there: a model of more than 50 columns must be split before it is read this way.
 */
export function leanJson<Row>(model: ReadModel<Row>, alias: string, selection: FieldSelection): string {
  const pairs = propertiesFor(model, selection).map((p) => `'${String(p)}', ${model.columns[p].replaceAll('{a}', alias)}`);
  return `json_build_object(${pairs.join(', ')})`;
}

/** A row read as JSON, with its timestamps back as Dates. */
export function rowFromJson<Row>(model: ReadModel<Row>, json: Record<string, unknown>): Row {
  for (const p of model.timestamps ?? []) {
    const value = json[p as string];
    if (typeof value === 'string') json[p as string] = new Date(value);
  }
  return json as Row;
}
