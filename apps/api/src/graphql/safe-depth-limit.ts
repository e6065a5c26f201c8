import { FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionNode, ValidationRule } from 'graphql';

/** One selection set being measured: its selections, the next one to look at, the deepest found so far. */
interface Frame {
  selections: readonly SelectionNode[];
  next: number;
  deepest: number;
  /** 1 when the set belongs to a field (a level deeper), 0 for inline fragments and fragments. */
  adds: number;
  /** The top-level selection that reached `deepest` (operation frame only). */
  deepestAt?: SelectionNode;
  /** Set when the frame measures a fragment definition, whose depth is then remembered. */
  fragment?: string;
}

/**
 * The depth of an operation as graphql-depth-limit counts it: a field with a selection set is one
 * level more than its deepest child, a leaf is 0, fragments add nothing, introspection fields
 * (`__schema`, `__type`) are not counted. Iterative with an explicit stack, so a document of any
 * width or nesting cannot overflow the call stack; each fragment is measured once, so fragments
 * spreading each other many times cannot make it exponential. A fragment on a cycle or not
 * defined counts 0: graphql's own rules report those documents.
 */
export function operationDepth(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  memo: Map<string, number> = new Map(),
): { depth: number; at?: SelectionNode } {
  const inProgress = new Set<string>();
  const root: Frame = { selections: operation.selectionSet.selections, next: 0, deepest: 0, adds: 0 };
  const stack: Frame[] = [root];
  let result = 0;
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.selections.length) {
      stack.pop();
      if (frame.fragment !== undefined) {
        memo.set(frame.fragment, frame.deepest);
        inProgress.delete(frame.fragment);
      }
      const value = frame.deepest + frame.adds;
      const parent = stack[stack.length - 1];
      if (!parent) result = value;
      else raise(parent, value, parent === root ? parent.selections[parent.next - 1] : undefined);
      continue;
    }
    const selection = frame.selections[frame.next++];
    const top = frame === root ? selection : undefined;
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.selectionSet && !selection.name.value.startsWith('__')) {
          stack.push({ selections: selection.selectionSet.selections, next: 0, deepest: 0, adds: 1 });
        } else raise(frame, 0, top);
        break;
      case Kind.INLINE_FRAGMENT:
        stack.push({ selections: selection.selectionSet.selections, next: 0, deepest: 0, adds: 0 });
        break;
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        const known = memo.get(name);
        const definition = fragments.get(name);
        if (known !== undefined) raise(frame, known, top);
        else if (!definition || inProgress.has(name)) raise(frame, 0, top);
        else {
          inProgress.add(name);
          stack.push({ selections: definition.selectionSet.selections, next: 0, deepest: 0, adds: 0, fragment: name });
        }
        break;
      }
    }
  }
  return { depth: result, at: root.deepestAt };
}

function raise(frame: Frame, value: number, at: SelectionNode | undefined): void {
  if (value > frame.deepest || (value === frame.deepest && !frame.deepestAt && at)) {
    frame.deepest = value;
    if (at) frame.deepestAt = at;
  }
}

/**
 * Refuses operations nested deeper than `maxDepth` (same count and message as graphql-depth-limit,
 * which this replaces: that library recursed per level and spread every selection into
 * `Math.max(...)`, so a wide or deep document overflowed the stack and answered 500).
 */
export function safeDepthLimit(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    const operations: OperationDefinitionNode[] = [];
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
    }
    const memo = new Map<string, number>();
    for (const operation of operations) {
      const { depth, at } = operationDepth(operation, fragments, memo);
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`'${operation.name?.value ?? ''}' exceeds maximum operation depth of ${maxDepth}`, {
            nodes: at ?? operation,
            extensions: { messageZh: `查询嵌套层数超过上限 ${maxDepth}` },
          }),
        );
      }
    }
    return {};
  };
}
