/**
 * Money in the UI: the API's amounts are yuan as exact decimal strings (the `Decimal` scalar);
 * they are shown in 元, 万元 or 亿元 through BigInt cents, never as floats. Every page uses these.
 */

/** What the API takes for a Decimal: at most 14 integer digits and 2 decimals. */
export const DECIMAL_INPUT = /^-?\d{1,14}(\.\d{1,2})?$/;

/** "-12.3" → -1230n; null for anything that is not a plain decimal with at most 2 decimals. */
export function toCents(amount: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** A plain decimal string with thousands separators, never through a float: "-1234567.5" → "-1,234,567.5"; anything else as it is. */
export function groupDigits(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value);
  if (!m) return value;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** 1234567n hundredths → "12,345.67". */
function hundredthsText(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = groupDigits((abs / 100n).toString());
  return `${sign}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

const WAN = 1_000_000n; // cents in 1 万元
const YI = 10_000_000_000n; // cents in 1 亿元

/** cents / divisor in hundredths of the unit, rounded half up (away from zero). */
function inUnit(cents: bigint, divisor: bigint): bigint {
  const abs = cents < 0n ? -cents : cents;
  const scaled = abs * 100n;
  let hundredths = scaled / divisor;
  if ((scaled % divisor) * 2n >= divisor) hundredths += 1n;
  return cents < 0n ? -hundredths : hundredths;
}

/** "150000000.00" → "15,000.00 万元". */
export function wan(amount: string | null | undefined): string {
  if (amount == null) return '—';
  const cents = toCents(amount);
  return cents === null ? '—' : `${hundredthsText(inUnit(cents, WAN))} 万元`;
}

/** "41009000000.00" → "410.09 亿元". */
export function yi(amount: string | null | undefined): string {
  if (amount == null) return '—';
  const cents = toCents(amount);
  return cents === null ? '—' : `${hundredthsText(inUnit(cents, YI))} 亿元`;
}

/** 亿元 from one 亿 up, 万元 below. */
export function money(amount: string | null | undefined): string {
  if (amount == null) return '—';
  const cents = toCents(amount);
  if (cents === null) return '—';
  const abs = cents < 0n ? -cents : cents;
  return abs >= YI ? yi(amount) : wan(amount);
}

/** "250000.00" → "250,000.00 元" (the unit the API stores and takes). */
export function yuan(amount: string | null | undefined): string {
  if (amount == null) return '—';
  const cents = toCents(amount);
  return cents === null ? '—' : `${hundredthsText(cents)} 元`;
}

/** The hint under an amount field: what the typed yuan are in 万元, or nothing while it is not a valid amount. */
export function amountHint(typed: string | undefined): string | undefined {
  if (!typed || !DECIMAL_INPUT.test(typed.trim())) return undefined;
  return `= ${money(typed.trim())}`;
}

/** Cents of a decimal string, 0 for one that is not (sums and shares over report rows). */
function centsOr0(amount: string): bigint {
  return toCents(amount) ?? 0n;
}

/** Whole 万元 as a number for a chart's bar height (an integer, exact below 2^53 万元). */
export function wholeWan(amount: string): number {
  return Number(centsOr0(amount) / WAN);
}

/** The sum of decimal strings of yuan, as a decimal string. */
export function sumYuan(values: readonly string[]): string {
  const cents = values.reduce((s, v) => s + centsOr0(v), 0n);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** a / b as a percentage with one decimal ("21.3%"), from decimal strings; — without b. */
export function percentOf(a: string, b: string | null | undefined): string {
  if (!b) return '—';
  const den = centsOr0(b);
  if (den === 0n) return '—';
  const tenths = (centsOr0(a) * 1000n + den / 2n) / den;
  return `${tenths / 10n}.${(tenths % 10n).toString().replace('-', '')}%`;
}
