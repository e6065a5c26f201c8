/** A share 0..1 from the API (a ratio, not money) as a percentage with one decimal: 0.8 → "80.0%"; — without one. */
export function sharePercent(share: number | null | undefined): string {
  if (share == null) return '—';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
