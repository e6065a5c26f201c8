/** Label values for requests that have no operation name of their own. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The document could not be parsed or validated, so no operation was chosen. */
export const INVALID_OPERATION = '(invalid)';
/** Past MAX_OPERATION_NAMES distinct names, further ones share this label. */
export const OTHER_OPERATION = '(other)';
/** A name first seen from a caller who is not signed in: anyone can send one, so it gets no label of its own. */
export const SIGNED_OUT_OPERATION = '(signed out)';
/** A path no route matched (static files, 404s): one label, however many paths are tried. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Operation names come from clients, so they are unbounded: each distinct name is a time series
 * in Prometheus. The first MAX_OPERATION_NAMES seen are kept (this API's clients use far fewer);
 * a client inventing names cannot grow the scrape past that.
 */
export const MAX_OPERATION_NAMES = 300;

/** Bounds the set of operation-name label values (see MAX_OPERATION_NAMES). */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined, resolved: boolean, signedIn = true): string {
    if (!resolved) return INVALID_OPERATION;
    if (!name) return ANONYMOUS_OPERATION;
    if (this.seen.has(name)) return name;
    // Only signed-in callers add names, so anonymous requests cannot use up the labels.
    if (!signedIn) return SIGNED_OUT_OPERATION;
    if (this.seen.size >= this.max || name.length > 100) return OTHER_OPERATION;
    this.seen.add(name);
    return name;
  }
}
