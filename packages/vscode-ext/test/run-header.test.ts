import { bestEpoch } from '@nn/views/best-epoch';
import { describeRun } from '@nn/views/run-header';
import { describe, expect, it } from 'vitest';
import type { BatchPoint, EpochPoint, RunSummary } from '../src/protocol';

const run: RunSummary = {
  id: '2026-12-03-184834-default',
  layerSizes: [784, 16, 10],
  epochs: 10,
  batchesPerEpoch: 469,
  settings: [],
};
const batch = (epoch: number, b: number): BatchPoint => ({
  step: (epoch - 1) * 469 + b,
  epoch,
  batch: b,
  loss: 0.3,
  smoothedLoss: 0.3,
  samplesPerSecond: 9000,
});
const epoch = (e: number, testLoss?: number, testAccuracy?: number): EpochPoint => ({
  epoch: e,
  loss: 0.5 / e,
  trainAccuracy: 0.9,
  ...(testLoss === undefined ? {} : { testLoss, testAccuracy }),
});

describe('describeRun', () => {
  it('counts the epoch being trained, as the notification does', () => {
    expect(describeRun(run, 'running', batch(1, 451), [])).toBe(
      'Run 2026-12-03-184834-default · epoch 1/10 · batch 451/469 · running',
    );
    expect(describeRun(run, 'running', batch(3, 2), [epoch(1, 0.2, 0.95), epoch(2, 0.1, 0.971)])).toBe(
      'Run 2026-12-03-184834-default · epoch 3/10 · batch 2/469 · test accuracy 97.1% · running',
    );
    expect(describeRun(run, 'running', undefined, [])).toBe(
      'Run 2026-12-03-184834-default · epoch 1/10 starting · running',
    );
  });

  it('shows the last completed epoch once the run has ended, and what to do without a run', () => {
    expect(describeRun(run, 'stopped', batch(3, 100), [epoch(1), epoch(2)])).toBe(
      'Run 2026-12-03-184834-default · epoch 2/10 · train accuracy 90.0% · stopped',
    );
    expect(describeRun(undefined, undefined, undefined, [])).toBe('No run yet: start one with "NN: Train MNIST".');
    // A stopped run reports the accuracy of the weights it saved at the stop, as the notification does.
    expect(describeRun(run, 'stopped', batch(3, 100), [epoch(1, 0.2, 0.95), epoch(2, 0.1, 0.971)], 0.972)).toBe(
      'Run 2026-12-03-184834-default · epoch 2/10 · test accuracy 97.2% · stopped',
    );
  });
});

describe('bestEpoch', () => {
  it('is the epoch of lowest test loss (overfitting shows there first), else of lowest training loss', () => {
    expect(bestEpoch([epoch(1, 0.09), epoch(2, 0.07), epoch(3, 0.07), epoch(4, 0.13)])?.epoch).toBe(2);
    expect(bestEpoch([epoch(1), epoch(2), epoch(3)])?.epoch).toBe(3);
    expect(bestEpoch([])).toBeUndefined();
  });
});
