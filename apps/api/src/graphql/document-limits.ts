import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';

/**
 * Largest document accepted, in lexical tokens (names, punctuation, values). The biggest
 * operation a client of this API sends is a few hundred; 10,000 leaves room for generated
 * queries while keeping parse and validation of the worst document well under a second.
 */
export const MAX_DOCUMENT_TOKENS = 10_000;

/**
 * Deepest nesting of `{ }` and `[ ]` accepted. graphql-js parses recursively and overflows the
 * stack somewhere past 1,500 levels; GRAPHQL_MAX_DEPTH allows at most 50 field levels, so 150
 * leaves room for inline fragments and nested input values and refuses the rest before parsing.
 */
export const MAX_DOCUMENT_NESTING = 150;

export interface DocumentLimits {
  maxTokens: number;
  maxNesting: number;
}

export interface DocumentRefusal {
  reason: 'QUERY_TOO_LARGE' | 'QUERY_TOO_DEEP';
  message: string;
  messageZh: string;
}

/**
 * Measures a GraphQL document with graphql's own lexer (a loop, no recursion) and says why it
 * is refused, or null. Stops at the first token past a limit, so a huge document costs no more
 * than a document at the limit. Lexical errors are left to the parser, which reports them.
 */
export function checkDocumentSize(source: string, limits: DocumentLimits = { maxTokens: MAX_DOCUMENT_TOKENS, maxNesting: MAX_DOCUMENT_NESTING }): DocumentRefusal | null {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > limits.maxTokens) {
        return {
          reason: 'QUERY_TOO_LARGE',
          message: `The query is too large (more than ${limits.maxTokens} tokens); split it or ask for fewer fields`,
          messageZh: `查询过大（超过 ${limits.maxTokens} 个词法单元），请拆分查询或减少字段`,
        };
      }
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L) {
        if (++nesting > limits.maxNesting) {
          return {
            reason: 'QUERY_TOO_DEEP',
            message: `The query is nested too deeply (more than ${limits.maxNesting} levels of { } or [ ])`,
            messageZh: `查询嵌套过深（超过 ${limits.maxNesting} 层）`,
          };
        }
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R) {
        nesting = Math.max(0, nesting - 1);
      }
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return null;
}
