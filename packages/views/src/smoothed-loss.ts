/**
 * The smoothed loss forgets a batch's weight over this fraction of an epoch. fit() reports a batch only every
 * ~250 ms, so each point stands for many batches: smoothing by steps rather than by points keeps the smoothed
 * curve on the raw one at the start of a run, where a few sparse points would otherwise drag it high.
 */
export const SMOOTHING_EPOCHS = 0.02;
/**
 * The smoothed loss at `step` after `loss`, from the previous smoothed point (none: the loss itself). A diverged
 * (non-finite) history restarts from the raw loss rather than staying NaN forever.
 */
export function smoothLoss(
  previous: { step: number; loss: number } | undefined,
  step: number,
  loss: number,
  batchesPerEpoch: number,
): number {
  if (!previous || !Number.isFinite(previous.loss) || step <= previous.step) return loss;
  const keep = Math.exp(-(step - previous.step) / Math.max(1, SMOOTHING_EPOCHS * batchesPerEpoch));
  return keep * previous.loss + (1 - keep) * loss;
}
