import type { EpochPoint } from './view-data';

/**
 * The epoch a user would keep: lowest test loss (test accuracy saturates and hides overfitting, the loss shows
 * it), or the lowest training loss when the run has no test set. Ties go to the earlier epoch.
 */
export function bestEpoch(epochs: readonly EpochPoint[]): EpochPoint | undefined {
  const withTest = epochs.filter((e) => e.testLoss !== undefined && Number.isFinite(e.testLoss));
  const candidates = withTest.length > 0 ? withTest : epochs.filter((e) => Number.isFinite(e.loss));
  const score = (e: EpochPoint) => (withTest.length > 0 ? (e.testLoss as number) : e.loss);
  let best: EpochPoint | undefined;
  for (const epoch of candidates) if (!best || score(epoch) < score(best)) best = epoch;
  return best;
}
