// Unified social credit codes, GB 32100-2015. The 31-character alphabet leaves out I, O, Z, S
// and V because they are easily confused with 1, 0, 2, 5 and U when read aloud or handwritten.

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeResult = { ok: true; value: string } | { ok: false; reason: string };

export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar expects exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`creditCodeCheckChar: "${first17[i]}" is not allowed in a credit code`);
    sum += v * WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return CHARSET[check === 31 ? 0 : check];
}

export function parseCreditCode(raw: string): CreditCodeResult {
  const value = (raw ?? '').trim().toUpperCase();
  if (value === '') return { ok: false, reason: 'is empty' };
  if (value.length !== 18) return { ok: false, reason: 'must be 18 characters' };
  const bad = [...value].filter((c) => !CHARSET.includes(c));
  if (bad.length > 0) {
    const shown = [...new Set(bad)].join(', ');
    return { ok: false, reason: `contains ${shown}; only digits and capital letters except I, O, S, V and Z are allowed` };
  }
  // As for ID numbers, never disclose the expected character (it would help forge codes).
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) {
    return { ok: false, reason: 'the check character is wrong; check for a typing error' };
  }
  return { ok: true, value };
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const BODY_SPACE = 31 ** 6;
// Any multiplier coprime to 31^6 makes the seed → body mapping a bijection, so distinct seeds
// below 31^6 never collide, while neighbouring seeds still produce unrelated-looking codes.
const SCRAMBLE_MUL = 540_211;
const SCRAMBLE_ADD = 104_729;

/**
 * A deterministic, valid and realistic-looking code for fixtures and the scale seed:
 * `91` (enterprise registered with market regulation) + region 330302 + a post-2015 style
 * organisation code `MA` + 6 characters + its GB 11714 check digit, + the overall check char.
 * Seeds are taken modulo 31^6 (≈ 887 million), which is the range in which codes are unique.
 */
export function makeCreditCode(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  let n = Number((BigInt(seed) * BigInt(SCRAMBLE_MUL) + BigInt(SCRAMBLE_ADD)) % BigInt(BODY_SPACE));
  let tail = '';
  for (let i = 0; i < 6; i++) {
    tail = CHARSET[n % 31] + tail;
    n = Math.floor(n / 31);
  }
  const orgBody = `MA${tail}`;
  const first17 = `91330302${orgBody}${orgCodeCheckChar(orgBody)}`;
  return first17 + creditCodeCheckChar(first17);
}

// Characters 9–17 of real codes are an organisation code (GB 11714) whose own check digit is
// valid; generated codes honour it too so they survive stricter validators elsewhere.
function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const v = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55; // A = 10 … Z = 35
    sum += v * ORG_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}
