/**
 * Each layer's weights as a histogram, recorded on every `epoch` line of metrics.jsonl, so a view can show how the
 * weights spread as training goes (as TensorBoard's distributions do). 40 numbers a layer keep the line small.
 */

/** Bins per layer and epoch: enough to see the shape, few enough for a line of metrics.jsonl. */
export const HISTOGRAM_BINS = 40;

/**
 * One layer's weights at the end of an epoch: `counts[i]` weights lie in [min + i·w, min + (i+1)·w), w = (max − min)
 * / counts.length, the last bin closed at `max`. A layer whose weights are all equal has min = max and one count.
 */
export interface WeightHistogram {
  min: number;
  max: number;
  counts: number[];
}

/** The histogram of `values` over their own range; non-finite values (none in a run that did not diverge) are left out. */
export function weightHistogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): WeightHistogram {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    finite++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0, counts: [0] };
  if (min === max) return { min, max, counts: [finite] };
  const counts = new Array<number>(bins).fill(0);
  const perUnit = bins / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - min) * perUnit))]!++;
  }
  return { min, max, counts };
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** One histogram per layer, each with a finite range (min ≤ max) and whole counts (one when min = max). */
export function isWeightHistograms(value: unknown): value is WeightHistogram[] {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.every((layer) => {
      if (typeof layer !== 'object' || layer === null) return false;
      const { min, max, counts } = layer as Record<string, unknown>;
      return (
        Number.isFinite(min) &&
        Number.isFinite(max) &&
        (min as number) <= (max as number) &&
        Array.isArray(counts) &&
        counts.length >= 1 &&
        counts.length <= 1000 &&
        (min !== max || counts.length === 1) &&
        counts.every(isCount)
      );
    })
  );
}
