import { GraphQLFormattedError } from 'graphql';
import { entityNameZh } from './error-catalogue';
import { ErrorCode, STABLE_ERROR_CODES } from './error-code';

/** Apollo's own codes for requests that never reach a resolver, mapped onto ours. */
const APOLLO_CODE_MAP: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BadUserInput,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BadUserInput,
  BAD_REQUEST: ErrorCode.BadUserInput,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.BadUserInput,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BadUserInput,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BadUserInput,
};

/** PostgreSQL error classes that mean "the database is not reachable right now". */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '3D000']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export type ErrorLogger = (error: unknown, formatted: GraphQLFormattedError) => void;

/** Chinese for reasons given outside any catalogue (Apollo, the HTTP layer, the query limits). */
const REASON_ZH: Readonly<Record<string, string>> = {
  GRAPHQL_PARSE_FAILED: '请求有误：GraphQL 查询语法错误',
  GRAPHQL_VALIDATION_FAILED: '请求有误：查询不符合接口定义（字段、参数或变量类型不对）',
  BAD_REQUEST: '请求有误，无法处理',
  PERSISTED_QUERY_NOT_FOUND: '不支持持久化查询，请发送完整的查询',
  PERSISTED_QUERY_NOT_SUPPORTED: '不支持持久化查询，请发送完整的查询',
  OPERATION_RESOLUTION_FAILURE: '无法确定要执行的操作，请指定 operationName',
  BAD_VARIABLES: '请求有误：变量取值无效',
  QUERY_TOO_COMPLEX: '查询过于复杂，请减少一次查询的条目或字段',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  MALFORMED_JSON: '请求内容不是有效的 JSON',
  CONCURRENT_UPDATE: '与同时进行的修改发生冲突，请重试',
};

/** Chinese for an error no catalogue describes, from its code and what its extensions say. */
function genericMessageZh(code: string, extensions: Record<string, unknown>): string {
  const reason = typeof extensions.reason === 'string' ? REASON_ZH[extensions.reason] : undefined;
  if (reason) return reason;
  switch (code) {
    case ErrorCode.BadUserInput: {
      const fields = Array.isArray(extensions.fields) ? (extensions.fields as { field?: string; messageZh?: string }[]) : [];
      const first = fields[0];
      const field = first?.field ?? (typeof extensions.field === 'string' ? extensions.field : undefined);
      if (first?.messageZh && field) return `输入有误：${field} ${first.messageZh}`;
      return field ? `输入有误：字段 ${field} 的取值无效` : '输入有误，请检查后重试';
    }
    case ErrorCode.Unauthenticated:
      return '尚未登录或登录已过期，请重新登录';
    case ErrorCode.Forbidden:
      return '无权执行此操作';
    case ErrorCode.NotFound: {
      const entity = typeof extensions.entity === 'string' ? entityNameZh(extensions.entity) : undefined;
      return entity ? `未找到该${entity}（不存在或不在您的权限范围内）` : '未找到所请求的记录（不存在或不在您的权限范围内）';
    }
    case ErrorCode.Conflict:
      return '操作与当前数据冲突，请刷新后重试';
    case ErrorCode.TooManyRequests:
      return '请求过于频繁，请稍后再试';
    case ErrorCode.ServiceUnavailable:
      return '服务暂时不可用，请稍后重试';
    default:
      return '服务器内部错误，请稍后重试或联系管理员';
  }
}

/** Every error leaves with a Chinese message: the catalogue's, or a generic one for its code. */
function withMessageZh(code: string, extensions: Record<string, unknown>): Record<string, unknown> {
  if (typeof extensions.messageZh === 'string' && extensions.messageZh) return { ...extensions, code };
  return { ...extensions, code, messageZh: genericMessageZh(code, extensions) };
}

/** graphql-js and our filter each wrap the thrown error; the cause is at the bottom. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    const next = (current as { originalError?: unknown } | null)?.originalError;
    if (!next || next === current) break;
    current = next;
  }
  return current;
}

function isDatabaseUnavailable(original: unknown): boolean {
  if (!original || typeof original !== 'object') return false;
  const code = (original as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_PG_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) {
    return true;
  }
  const message = String((original as { message?: unknown }).message ?? '');
  return /Connection terminated|connection timeout|Client has encountered a connection error|terminating connection|not currently accepting connections|the database system is (starting up|shutting down)/i.test(
    message,
  );
}

/**
 * The one place where errors become what a client sees. Known codes pass through with their
 * message; anything else is reported as INTERNAL_SERVER_ERROR with a generic message and is
 * logged with its stack, which never leaves the server. Every error gets `extensions.messageZh`:
 * the catalogue's Chinese message when it has one, otherwise a generic one for its code.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: ErrorLogger,
): GraphQLFormattedError {
  const rawCode = String(formatted.extensions?.code ?? '');
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  void _stack;

  if (APOLLO_CODE_MAP[rawCode]) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: withMessageZh(APOLLO_CODE_MAP[rawCode], { ...extensions, reason: rawCode }),
    };
  }
  if (STABLE_ERROR_CODES.has(rawCode) && rawCode !== ErrorCode.InternalServerError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: withMessageZh(rawCode, extensions) };
  }

  const original = rootCause(error);
  const pgCode = (original as { code?: unknown } | null)?.code;
  if (pgCode === '40P01' || pgCode === '40001') {
    const result: GraphQLFormattedError = {
      message: 'A concurrent change got in the way; please retry',
      path: formatted.path,
      extensions: withMessageZh(ErrorCode.Conflict, { reason: 'CONCURRENT_UPDATE', retryable: true }),
    };
    log(error, result);
    return result;
  }
  if (isDatabaseUnavailable(original)) {
    const result: GraphQLFormattedError = {
      message: 'The database is temporarily unavailable; please retry shortly',
      path: formatted.path,
      extensions: withMessageZh(ErrorCode.ServiceUnavailable, {}),
    };
    log(error, result);
    return result;
  }
  const result: GraphQLFormattedError = {
    message: 'Internal server error',
    path: formatted.path,
    extensions: withMessageZh(ErrorCode.InternalServerError, {}),
  };
  log(error, result);
  return result;
}
