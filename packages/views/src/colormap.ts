/**
 * A diverging colour map for weights: negative blue, zero near white, positive red, symmetric around
 * zero so that a weight's sign is read from its hue and its size from its depth.
 */

export type Rgb = readonly [number, number, number];

const NEGATIVE: Rgb = [33, 102, 172];
const ZERO: Rgb = [247, 247, 247];
const POSITIVE: Rgb = [178, 24, 43];

/** Colour of `value` on a scale from -`limit` to +`limit` (values beyond are clamped). */
export function divergingColor(value: number, limit: number): Rgb {
  if (!(limit > 0) || !Number.isFinite(value)) return ZERO;
  const t = Math.max(-1, Math.min(1, value / limit));
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(t);
  return [mix(ZERO[0], end[0], a), mix(ZERO[1], end[1], a), mix(ZERO[2], end[2], a)];
}

/** The largest |value| in `values[start, end)`: the half-width of a symmetric scale. */
export function absMax(values: ArrayLike<number>, start = 0, end = values.length): number {
  let max = 0;
  for (let i = start; i < end; i++) {
    const v = Math.abs(values[i] as number);
    if (v > max && Number.isFinite(v)) max = v;
  }
  return max;
}

function mix(from: number, to: number, amount: number): number {
  return Math.round(from + (to - from) * amount);
}
