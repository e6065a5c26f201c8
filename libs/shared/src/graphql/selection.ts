import {
  FieldNode,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  SelectionSetNode,
} from 'graphql';

/**
 * What a GraphQL request selects of one object: field name → what it selects of that field
 * (an empty map for a scalar). Aliases and fragments are merged, so `a: name, ...on Member { name }`
 * is one `name`. Lean reads use it to fetch only the columns and relations a query needs.
 */
export type FieldSelection = ReadonlyMap<string, FieldSelection>;

const EMPTY: FieldSelection = new Map();

/** Selections without @skip/@include are the same for every request of a document: kept per node. */
const cache = new WeakMap<FieldNode, Map<string, FieldSelection>>();

/**
 * The selection under the resolving field, following `path` (e.g. `'edges', 'node'` for the
 * nodes of a connection). A path the query does not select answers an empty selection.
 */
export function selectionAt(info: GraphQLResolveInfo, ...path: string[]): FieldSelection {
  const key = path.join('.');
  const first = info.fieldNodes[0];
  const cached = cache.get(first)?.get(key);
  if (cached && info.fieldNodes.length === 1) return cached;
  const conditional = { seen: false };
  let selection = collect(
    info.fieldNodes.map((n) => n.selectionSet),
    info,
    conditional,
  );
  for (const name of path) {
    const nodes = selection.get(name);
    if (!nodes) return EMPTY;
    selection = nodes;
  }
  if (!conditional.seen && info.fieldNodes.length === 1) {
    let byPath = cache.get(first);
    if (!byPath) cache.set(first, (byPath = new Map()));
    byPath.set(key, selection);
  }
  return selection;
}

/** Merges the selection sets into one field map, down to the leaves. */
function collect(sets: (SelectionSetNode | undefined)[], info: GraphQLResolveInfo, conditional: { seen: boolean }): FieldSelection {
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode | undefined, fragmentsSeen: Set<string>) => {
    for (const node of set?.selections ?? []) {
      if (node.directives?.length) {
        conditional.seen = true;
        if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) continue;
        if (getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if === false) continue;
      }
      if (node.kind === Kind.FIELD) {
        const list = fields.get(node.name.value);
        if (list) list.push(node);
        else fields.set(node.name.value, [node]);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        visit(node.selectionSet, fragmentsSeen);
      } else if (!fragmentsSeen.has(node.name.value)) {
        const fragment = info.fragments[node.name.value];
        if (fragment) visit(fragment.selectionSet, new Set([...fragmentsSeen, node.name.value]));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  const result = new Map<string, FieldSelection>();
  for (const [name, nodes] of fields) {
    const subsets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
    result.set(name, subsets.length ? collect(subsets, info, conditional) : EMPTY);
  }
  return result;
}
