/** Injection token of the MetricsAccess decided at start-up. */
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');
