/**
 * Amounts as the API sends them (the `Decimal` scalar: a string of yuan with at most two
 * decimals) shown in 元 / 万元 / 亿元 without ever becoming a float: the string is read into
 * whole fen (BigInt) and divided with half-up rounding.
 */

/** "12345.6" → 1234560n fen; null for anything that is not a decimal string. */
export function toFen(value: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return null;
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] === '-' ? -fen : fen;
}

/** `fen / 10^scale` with two decimals, half up (away from zero), grouped by thousands. */
function scaled(fen: bigint, divisor: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  // Hundredths of the unit: abs / divisor, rounded half up.
  const hundredths = (abs * 2n + divisor) / (divisor * 2n);
  const whole = (hundredths / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (hundredths % 100n).toString().padStart(2, '0');
  return `${negative && hundredths > 0n ? '-' : ''}${whole}.${cents}`;
}

const YUAN = 100n;
const WAN = 10_000n * YUAN;
const YI = 100_000_000n * YUAN;

/** In 万元 always (the unit of the office's reports): "1234567.89" → "123.46 万元". */
export function wan(value: string | null | undefined): string {
  if (value == null) return '—';
  const fen = toFen(value);
  return fen === null ? value : `${scaled(fen, WAN)} 万元`;
}

/** In the unit that reads best: 亿元 from 1 亿, 万元 from 1 万, else 元. */
export function money(value: string | null | undefined): string {
  if (value == null) return '—';
  const fen = toFen(value);
  if (fen === null) return value;
  const abs = fen < 0n ? -fen : fen;
  if (abs >= YI) return `${scaled(fen, YI)} 亿元`;
  if (abs >= WAN) return `${scaled(fen, WAN)} 万元`;
  return `${scaled(fen, YUAN)} 元`;
}
