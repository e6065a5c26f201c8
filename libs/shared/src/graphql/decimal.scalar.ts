import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Matches } from 'class-validator';

/** An exact amount with at most 14 integer digits and 2 decimals: what numeric(16,2) holds. */
export const DECIMAL_PATTERN = /^-?\d{1,14}(\.\d{1,2})?$/;

function refuse(value: unknown): never {
  throw new GraphQLError(`Decimal must be a string such as "1234.56" (at most 14 digits and 2 decimals); got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_DECIMAL', messageZh: '金额须为字符串形式的数字（如 "1234.56"），最多 14 位整数、2 位小数' },
  });
}

function parse(value: unknown): string {
  // A JSON number is refused: it has passed through a binary float on the client already.
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) refuse(value);
  return value;
}

/**
 * Exact decimal money (yuan) as a string. Input accepts only a JSON string matching
 * DECIMAL_PATTERN; output passes PostgreSQL's numeric text through untouched, so an amount never
 * becomes a JavaScript number on its way in or out.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal amount as a string, e.g. "62447000000.00" (yuan): at most 14 integer digits and 2 decimals. JSON numbers are refused.',
  serialize(value: unknown): string {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
    throw new GraphQLError(`Decimal cannot serialise ${typeof value}`);
  },
  parseValue: parse,
  parseLiteral(ast): string {
    if (ast.kind !== Kind.STRING) refuse(ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : ast.kind);
    return parse(ast.value);
  },
});

/**
 * The validation twin of the scalar for input classes (the input pipe refuses undecorated
 * properties): the same pattern, so a value that reached the class is exact.
 */
export function IsDecimal(field: string): PropertyDecorator {
  return Matches(DECIMAL_PATTERN, { message: `${field} must be a decimal string with at most 14 digits and 2 decimals, e.g. "1234.56"` });
}
