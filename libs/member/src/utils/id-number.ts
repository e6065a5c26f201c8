// Mainland resident ID numbers, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit
// sequence (odd = male) and an ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Indexed by (weighted sum mod 11); the standard maps a remainder of 2 to X (the value 10).
const CHECK_CHARS = '10X98765432';

const LENGTH_REASON = 'must be 18 characters (17 digits and a check digit or X)';

export type IdNumberResult =
  | { ok: true; value: string; birthDate: string /* YYYY-MM-DD */; gender: 'MALE' | 'FEMALE'; regionCode: string /* first 6 */ }
  | { ok: false; reason: string };

export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Validates and normalises an ID number. `today` (YYYY-MM-DD) is injectable so that the
 * "born in the future" rule is testable; it defaults to the server's local date.
 */
export function parseIdNumber(raw: string, today?: string): IdNumberResult {
  const value = (raw ?? '').trim().toUpperCase();
  if (value === '') return { ok: false, reason: 'is empty' };
  if (value.length !== 18) return { ok: false, reason: LENGTH_REASON };
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, reason: 'may only contain digits, with X allowed only as the last character' };
  }

  // A mistyped birth date also breaks the check digit, but naming the date tells the user
  // which part to look at, so it is reported first.
  const birth = value.slice(6, 14);
  const birthDate = compactToIso(birth);
  if (birthDate === null) return { ok: false, reason: `contains an impossible birth date ${birth}` };
  if (birthDate < '1900-01-01') return { ok: false, reason: `contains a birth date before 1900 (${birth})` };
  const now = today === undefined ? localToday() : checkedIsoDate(today, 'today');
  if (birthDate > now) return { ok: false, reason: `contains a birth date in the future (${birth})` };

  // Never name the expected character: it would turn this endpoint into a check-digit oracle
  // for anyone fabricating numbers.
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'the check digit is wrong; check for a typing error' };
  }

  return {
    ok: true,
    value,
    birthDate,
    gender: Number(value[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    regionCode: value.slice(0, 6),
  };
}

/**
 * Builds a valid ID number for fixtures and the scale seed. The last digit of `sequence` is
 * nudged to the parity the standard assigns to `gender`, so callers can iterate sequences
 * freely and still get the gender they asked for.
 */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number, gender: 'MALE' | 'FEMALE'): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`regionCode must be 6 digits, got "${regionCode}"`);
  const iso = checkedIsoDate(birthDate, 'birthDate');
  if (iso < '1900-01-01') throw new RangeError(`birthDate must not be before 1900, got "${birthDate}"`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer in 0..999, got ${sequence}`);
  }
  if (gender !== 'MALE' && gender !== 'FEMALE') throw new RangeError(`gender must be MALE or FEMALE, got "${String(gender)}"`);

  // Clearing then setting the lowest bit keeps the result inside 0..999 (999 → 998, 0 → 1).
  const seq = sequence - (sequence % 2) + (gender === 'MALE' ? 1 : 0);
  const first17 = regionCode + iso.replace(/-/g, '') + String(seq).padStart(3, '0');
  return first17 + idNumberCheckChar(first17);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYYMMDD` → `YYYY-MM-DD`, or null when it is not a real calendar date. */
function compactToIso(compact: string): string | null {
  if (!/^\d{8}$/.test(compact)) return null;
  const year = Number(compact.slice(0, 4));
  const month = Number(compact.slice(4, 6));
  const day = Number(compact.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
}

// Arguments supplied by code (not by users) are programmer errors when malformed, so they throw.
function checkedIsoDate(iso: string, name: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(iso) && compactToIso(iso.replace(/-/g, '')) !== null;
  if (!ok) throw new RangeError(`${name} must be a real date in YYYY-MM-DD form, got "${iso}"`);
  return iso;
}

function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
