/**
 * What one search box term can mean, decided by its shape (docs/members.md, "The search box"):
 *
 * - digits only (spaces and hyphens ignored): the end of a phone (4+ digits), and with 18
 *   digits an exact ID number as well;
 * - 17 digits and an X: an exact ID number;
 * - Latin letters only: a name's full pinyin, a pinyin fragment or the initials;
 * - anything else (Chinese characters, or letters mixed with digits or other signs): a name
 *   fragment or an enterprise name fragment.
 *
 * Only the branches that can match are searched, so each stays served by its own index.
 */
export interface SearchTerm {
  /** Lower case, without spaces, ü written v: the form names, pinyin and initials are stored in. */
  text: string;
  /** Match names (the name itself, full pinyin, initials). */
  name: boolean;
  /** Match the names of the member's enterprises. */
  enterprise: boolean;
  /** The digits of a phone ending (4 or more), or null. */
  phoneSuffix: string | null;
  /** An exact ID number (upper case), or null. */
  idNumber: string | null;
  /** Digits, but fewer than a phone ending needs: nothing to search. */
  tooFewDigits: boolean;
}

/** How many digits a phone ending needs (the four a mask shows). */
export const PHONE_SUFFIX_MIN_DIGITS = 4;

export function parseSearchTerm(raw: string): SearchTerm {
  // Pinyin and initials are stored lower case without spaces, ü written v (as keyboards type it).
  const text = raw.replace(/\s+/g, '').toLowerCase().replace(/ü/g, 'v');
  const none: SearchTerm = { text, name: false, enterprise: false, phoneSuffix: null, idNumber: null, tooFewDigits: false };
  const digits = text.replace(/-/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length < PHONE_SUFFIX_MIN_DIGITS) return { ...none, tooFewDigits: true };
    return { ...none, phoneSuffix: digits, idNumber: digits.length === 18 ? digits : null };
  }
  if (/^\d{17}x$/.test(text)) return { ...none, idNumber: text.toUpperCase() };
  if (/^[a-z]+$/.test(text)) return { ...none, name: true };
  return { ...none, name: true, enterprise: true };
}
