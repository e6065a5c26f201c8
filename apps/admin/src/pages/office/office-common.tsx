import { Result } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

/** What a role outside the page's audience sees, by URL or when the API refuses (FORBIDDEN). */
export function Forbidden({ what }: { what: string }) {
  return (
    <div data-testid="forbidden">
      <Result status="403" title="无权访问" subTitle={`您的账号无权查看${what}。`} />
    </div>
  );
}

/**
 * Field errors of a refused form, by the API's paths (`input.email`, `input.scope.chamberId`),
 * onto the antd form's fields of the same path; true when any landed. `known` lists the form's
 * fields (dotted); an error for a path the form has not is left to the caller to show.
 */
export function showFieldErrors(form: FormInstance, error: ApiError, known: readonly string[]): boolean {
  const fields = Object.entries(error.fieldErrors)
    .map(([path, message]) => ({ path: path.replace(/^input\./, ''), errors: [message] }))
    .filter((f) => known.includes(f.path))
    .map((f) => ({ name: f.path.split('.'), errors: f.errors }));
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}

/** The field errors `showFieldErrors` could not place, with the first error's message when none. */
export function otherErrors(error: ApiError, known: readonly string[]): string | undefined {
  const rest = Object.entries(error.fieldErrors).filter(([path]) => !known.includes(path.replace(/^input\./, '')));
  if (rest.length) return rest.map(([, m]) => m).join('；');
  return Object.keys(error.fieldErrors).length ? undefined : error.messageZh;
}

// Money: the API sends decimal strings of yuan. Never through a float: BigInt of hundredths.

function toCents(decimal: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) return 0n;
  const frac = `${m[3] ?? ''}00`.slice(0, 2);
  const cents = BigInt(m[2]) * 100n + BigInt(frac);
  return m[1] ? -cents : cents;
}

function group(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `cents` divided by `unit` cents, rounded half up, with two decimals: 1,234.57. */
function scaled(cents: bigint, unit: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const hundredths = (abs * 100n + unit / 2n) / unit;
  const text = `${group(hundredths / 100n)}.${(hundredths % 100n).toString().padStart(2, '0')}`;
  return negative && hundredths > 0n ? `-${text}` : text;
}

const WAN = 10_000n * 100n;
const YI = 100_000_000n * 100n;

/** Yuan as 万元 with two decimals: "123456789.00" → 12,345.68 万元. */
export function wanYuan(yuan: string | null | undefined): string {
  if (yuan == null) return '—';
  return `${scaled(toCents(yuan), WAN)} 万元`;
}

/** Yuan in 亿元 from 1 亿 up, otherwise in 万元. */
export function money(yuan: string | null | undefined): string {
  if (yuan == null) return '—';
  const cents = toCents(yuan);
  const abs = cents < 0n ? -cents : cents;
  return abs >= YI ? `${scaled(cents, YI)} 亿元` : `${scaled(cents, WAN)} 万元`;
}

/** Whole 万元 as a number for a chart's bar height (an integer, exact below 2^53 万元). */
export function wholeWan(yuan: string): number {
  return Number(toCents(yuan) / WAN);
}

/** The sum of decimal strings of yuan, as a decimal string. */
export function sumYuan(values: readonly string[]): string {
  const cents = values.reduce((s, v) => s + toCents(v), 0n);
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** a / b as a percentage with one decimal ("21.3%"), from decimal strings; — without b. */
export function percentOf(a: string, b: string | null | undefined): string {
  if (!b) return '—';
  const den = toCents(b);
  if (den === 0n) return '—';
  const tenths = (toCents(a) * 1000n + den / 2n) / den;
  return `${tenths / 10n}.${(tenths % 10n).toString().replace('-', '')}%`;
}

/** A share 0..1 from the API as a percentage with one decimal (a ratio, not money). */
export function sharePercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** A Decimal scalar as the API sends it (a string; gql.tada types custom scalars as unknown). */
export function dec(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '0' : String(value);
}
export function decOrNull(value: unknown): string | null {
  return value == null ? null : dec(value);
}
