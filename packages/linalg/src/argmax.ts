/**
 * The index (0 … count-1) of the largest of `count` values read from `start` every `stride` (a matrix column:
 * start = j, stride = cols): the predicted class of one sample's outputs. The first one wins a tie; a NaN
 * compares false, so it is chosen only when it comes first.
 */
export function argmax(values: ArrayLike<number>, start = 0, count = values.length - start, stride = 1): number {
  let best = 0;
  let bestValue = values[start]!;
  for (let i = 1; i < count; i++) {
    const v = values[start + i * stride]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
