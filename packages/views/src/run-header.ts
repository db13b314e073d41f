import type { BatchPoint, EpochPoint, RunStatus, RunSummary } from './view-data';

/**
 * The header line. Epochs are counted as the notification and the status bar count them: the epoch being
 * trained, 1-based, out of all ("epoch 1/10 · batch 451/469"), and the last one once the run has ended.
 */
export function describeRun(
  run: RunSummary | undefined,
  status: RunStatus | undefined,
  lastBatch: BatchPoint | undefined,
  epochs: readonly EpochPoint[],
  /** Of the weights an ended run saved: what the notification reported. */
  finalTestAccuracy?: number,
): string {
  if (!run) return 'No run yet: start one with "NN: Train MNIST".';
  const lastEpoch = epochs.at(-1);
  const live = status === 'running' || status === 'stopping';
  const inEpoch = live && lastBatch && lastBatch.epoch > (lastEpoch?.epoch ?? 0);
  let position = `epoch ${lastEpoch?.epoch ?? 0}/${run.epochs}`;
  if (inEpoch) position = `epoch ${lastBatch.epoch}/${run.epochs} · batch ${lastBatch.batch}/${run.batchesPerEpoch}`;
  else if (live && !lastEpoch && !lastBatch) position = `epoch 1/${run.epochs} starting`;
  const final = live ? undefined : finalTestAccuracy;
  const accuracy = final ?? lastEpoch?.testAccuracy ?? lastEpoch?.trainAccuracy;
  const tested = final !== undefined || lastEpoch?.testAccuracy !== undefined;
  return [
    `Run ${run.id}`,
    position,
    accuracy === undefined ? '' : `${tested ? 'test' : 'train'} accuracy ${percent(accuracy)}`,
    status ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
