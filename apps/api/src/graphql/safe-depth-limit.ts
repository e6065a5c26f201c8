import { DocumentNode, Kind, ValidationRule, visit } from 'graphql';
import depthLimit from 'graphql-depth-limit';

/** Whether fragments spread each other in a loop (graphql's NoFragmentCycles rule reports it). */
function hasFragmentCycle(document: DocumentNode): boolean {
  const spreads = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const names: string[] = [];
    visit(definition.selectionSet, { FragmentSpread: (node) => void names.push(node.name.value) });
    spreads.set(definition.name.value, names);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const cyclic = (name: string): boolean => {
    if (state.get(name) === 'visiting') return true;
    if (state.get(name) === 'done') return false;
    state.set(name, 'visiting');
    const found = (spreads.get(name) ?? []).some(cyclic);
    state.set(name, 'done');
    return found;
  };
  return [...spreads.keys()].some(cyclic);
}

/**
 * graphql-depth-limit, minus its crash: it walks fragments recursively when the rule is
 * created, so a fragment cycle overflows the stack (and the library prints it). Such a document
 * is invalid anyway and graphql's own rule says so; the depth rule stands aside for it.
 */
export function safeDepthLimit(maxDepth: number): ValidationRule {
  const rule = depthLimit(maxDepth) as unknown as ValidationRule;
  return (context) => (hasFragmentCycle(context.getDocument()) ? {} : rule(context));
}
