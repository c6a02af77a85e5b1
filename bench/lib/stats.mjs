// Summaries of repeated measurements.

/** The value below which `p` (0..1) of the sorted values fall (nearest rank). */
export function percentile(values, p) {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank];
}

/** `{min, median, max, runs}` of repeated runs. */
export function spread(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `min / median / max` with `digits` decimals and a unit. */
export function formatSpread({ min, median, max }, digits = 0, unit = '') {
  const f = (v) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${f(min)} / ${f(median)} / ${f(max)}${unit ? ` ${unit}` : ''}`;
}

export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
