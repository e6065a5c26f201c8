// Phone numbers as members type them: mainland mobiles, mainland landlines with area code, and
// foreign numbers in international form. Values are normalised so that equal numbers compare equal.

export type PhoneResult =
  | { ok: true; value: string; kind: 'MOBILE' | 'LANDLINE' | 'INTERNATIONAL' }
  | { ok: false; reason: string };

const GENERIC_REASON =
  'is not a mainland mobile (11 digits starting with 1), a landline with area code, or an international number starting with +';

const MOBILE = /^1[3-9]\d{9}$/;
// Area codes are prefix-free (010, 02x, 0[3-9]xx), so the split between area code and
// subscriber number is never ambiguous; subscriber numbers never start with 0 or 1.
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}$/;
// E.164 caps a full number (country code included) at 15 digits; country codes never start with 0.
const INTERNATIONAL = /^[1-9]\d{7,14}$/;

export function normalizePhone(raw: string): PhoneResult {
  const s = (raw ?? '').trim().replace(/[\s\-()]/g, '');
  if (s === '') return { ok: false, reason: 'is empty' };
  if (!/^\+?\d+$/.test(s)) return { ok: false, reason: 'may only contain digits, spaces, -, ( ) and a leading +' };

  const intl = s.startsWith('+') ? s.slice(1) : s.startsWith('00') ? s.slice(2) : null;
  if (intl !== null) {
    if (intl.startsWith('86')) return domestic(intl.slice(2), true);
    if (INTERNATIONAL.test(intl)) return { ok: true, value: `+${intl}`, kind: 'INTERNATIONAL' };
    return { ok: false, reason: GENERIC_REASON };
  }
  // A bare 86 is only unambiguous in front of a mobile; in front of anything else it could be
  // the start of a local number, so it is not stripped there.
  if (s.length === 13 && s.startsWith('86') && MOBILE.test(s.slice(2))) return { ok: true, value: s.slice(2), kind: 'MOBILE' };
  return domestic(s, false);
}

function domestic(national: string, afterCountryCode: boolean): PhoneResult {
  if (MOBILE.test(national)) return { ok: true, value: national, kind: 'MOBILE' };
  // In international form the trunk 0 is dropped (+86 577 …), but people often keep it
  // (+86 0577 …); both mean the same line, so both are accepted.
  const landline = afterCountryCode && !national.startsWith('0') ? `0${national}` : national;
  if (LANDLINE.test(landline)) return { ok: true, value: landline, kind: 'LANDLINE' };
  return { ok: false, reason: GENERIC_REASON };
}
