// Turning cell values into the text callers see, and back. Shared by the readers and the writers
// so that what one writes the other reads back unchanged.

// What Excel, LibreOffice and WPS evaluate when a cell's text starts with it (OWASP's list for
// CSV injection). Tab and CR are included because some spreadsheets strip them and then see `=`.
const FORMULA_START = /^[=+\-@\t\r]/;
// What `neutralizeFormula` prefixed, and only that: a `'` before anything else is the user's own
// text and must survive a round trip.
const NEUTRALIZED = /^'+[=+\-@\t\r]/;

/**
 * Prefixes a `'` to a text a spreadsheet would run as a formula (starts with = + - @ tab or CR).
 * A text that already looks neutralised (`'` followed by one of = + - @) gets one more `'`, so
 * that the readers, which strip exactly one, give back exactly what was written.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) || NEUTRALIZED.test(value) ? `'${value}` : value;
}

/**
 * The inverse of `neutralizeFormula`: strips one leading `'` when what follows starts with
 * = + - @ (or tab/CR, or more such `'`); any other text is returned as is.
 */
export function restoreNeutralized(value: string): string {
  return NEUTRALIZED.test(value) ? value.slice(1) : value;
}

/**
 * A number as plain decimal text. Integral values never use an exponent (an ID number typed as a
 * number is 330302199001011000, not 3.30302199001011e+17 — its last digits are already lost, but
 * the text must show what the cell holds). Other values keep Excel's 15 significant digits, so
 * that binary noise (0.30000000000000004) does not show.
 */
export function numberToText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) {
    // `String` switches to an exponent from 1e21 on; BigInt never does.
    return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
  }
  return String(Number(value.toPrecision(15)));
}

/** A date as YYYY-MM-DD from its UTC parts: ExcelJS turns a serial date into UTC midnight of that day. */
export function dateToText(value: Date): string {
  const time = value.getTime();
  if (Number.isNaN(time)) return '';
  const year = value.getUTCFullYear();
  const yyyy = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  return `${yyyy}-${String(value.getUTCMonth() + 1).padStart(2, '0')}-${String(value.getUTCDate()).padStart(2, '0')}`;
}

/** A 0-based column index as the letters a spreadsheet shows (0 → A, 26 → AA), for messages. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
