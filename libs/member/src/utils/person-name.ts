/** Characters that take no space and are never part of a name (zero-width spaces and joiners, BOM). */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A person's name as the base stores it, wherever it comes from (the API, an import cell):
 * compatibility forms folded (NFKC: full-width Ｗａｎｇ is Wang), invisible characters dropped, runs of whitespace (ideographic space included) one space, no
 * space between two Han characters (张 三 is 张三; a transliterated name keeps its word spaces),
 * trimmed. Matching and duplicate checks compare names in this form only.
 */
export function normalizePersonName(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '')
    .trim();
}
