/**
 * Exact money arithmetic on decimal strings (yuan with at most 2 decimals), through BigInt
 * cents: amounts never become binary floats.
 */
export type MoneyUnit = 'YUAN' | 'WAN' | 'YI';

const UNIT_CENTS: Record<MoneyUnit, bigint> = { YUAN: 100n, WAN: 1_000_000n, YI: 10_000_000_000n };
export const MONEY_UNIT_ZH: Record<MoneyUnit, string> = { YUAN: '元', WAN: '万元', YI: '亿元' };

/** "-12.3" → -1230n. Throws on anything that is not a plain decimal with at most 2 decimals. */
export function toCents(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const cents = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** `amount` (yuan) in `unit`, rounded half up (away from zero) to 2 decimals: "41009000000.00" → "410.09" (亿). */
export function inUnit(amount: string, unit: MoneyUnit): string {
  const cents = toCents(amount);
  const divisor = UNIT_CENTS[unit];
  const abs = cents < 0n ? -cents : cents;
  // The result in hundredths of the unit: abs / divisor * 100, rounded half up.
  const scaled = abs * 100n;
  let hundredths = scaled / divisor;
  if ((scaled % divisor) * 2n >= divisor) hundredths += 1n;
  return fromCents(cents < 0n ? -hundredths : hundredths);
}

/** "410.09 亿元". */
export function formatMoney(amount: string, unit: MoneyUnit): string {
  return `${inUnit(amount, unit)} ${MONEY_UNIT_ZH[unit]}`;
}
