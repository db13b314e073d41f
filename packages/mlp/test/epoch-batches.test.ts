import { afterEach, describe, expect, it, vi } from 'vitest';
import { Network } from '../src/index';
import type { StepPath, StepResult } from '../src/paths/step-path';
import { EpochBatches } from '../src/training/epoch-batches';

/** A step path that only calls `onStep` and returns `result`: the loop's clocks and schedule are what is tested. */
function fakePath(optimizer: { learningRate: number }, onStep: () => StepResult): StepPath {
  return {
    name: 'dense',
    // The same object: the test reads the learning rate the loop sets on it.
    optimizer: Object.assign(optimizer, {
      kind: 'sgd' as const,
      step() {},
      state: () => ({ kind: 'sgd' as const, step: 0, slots: {} }),
    }),
    step: onStep,
    syncWeights() {},
    exportState: () => ({ kind: 'sgd', step: 0, slots: {} }),
    close() {},
  };
}
const tiny = () => new Network({ layerSizes: [2, 2] });

/**
 * Runs `durations.length` batches of one epoch through EpochBatches on a fake clock (batch b takes
 * durations[b] ms), taking the event loop's turn whenever one is due; returns when each turn and each batch
 * event came, and how often the clock was read.
 */
function run(durations: number[], intervals: { batch: number; snapshot: number; yield: number }) {
  let clock = 1_000_000;
  const reads = vi.spyOn(Date, 'now').mockImplementation(() => clock);
  const events: number[] = [];
  const snapshots: number[] = [];
  const turns: number[] = [];
  const optimizer = { learningRate: 0.01 };
  const result = { loss: 0.5, correct: 1, finite: true };
  const batches = new EpochBatches(
    {
      trainSize: durations.length,
      batchSize: 1,
      batchesPerEpoch: durations.length,
      epochs: 1,
      schedule: { type: 'constant' },
      baseLearningRate: 0.01,
      batchInterval: intervals.batch,
      snapshotInterval: intervals.snapshot,
      yieldInterval: intervals.yield,
      regression: false,
    },
    fakePath(optimizer, () => result),
    tiny(),
    (event) => {
      if (event.type === 'batch') events.push(clock);
      if (event.type === 'snapshot') snapshots.push(clock);
    },
  );
  batches.begin(1);
  const readsBefore = reads.mock.calls.length;
  for (let b = 0; b < durations.length; b++) {
    batches.step(b);
    clock += durations[b]!;
    if (batches.finish(b, result) && batches.emitDue(b, result)) {
      turns.push(clock);
      batches.yielded();
    }
  }
  return { events, snapshots, turns, reads: reads.mock.calls.length - readsBefore, start: 1_000_000 };
}

const gaps = (times: number[], start: number) => times.map((t, i) => t - (i === 0 ? start : times[i - 1]!));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EpochBatches', () => {
  it('reads the clock every few batches when they are quick, yet turns and events come on time', () => {
    // 4000 batches of 0.5 ms: 2 s.
    const { turns, events, reads, start } = run(new Array(4000).fill(0.5), { batch: 250, snapshot: 2000, yield: 100 });
    expect(reads).toBeLessThan(4000 / 8);
    expect(turns.length).toBeGreaterThanOrEqual(17);
    for (const gap of gaps(turns, start)) expect(gap).toBeLessThanOrEqual(100 + 16);
    expect(events.length).toBeGreaterThanOrEqual(7);
    for (const gap of gaps(events, start)) expect(gap).toBeLessThanOrEqual(250 + 16);
  });

  it('reads it on every batch again soon after the batches slow down', () => {
    // 2000 quick batches, then 100 of 20 ms: late by one stride of slow batches at most, then on time.
    const durations = [...new Array(2000).fill(0.5), ...new Array(100).fill(20)];
    const { turns, start } = run(durations, { batch: 250, snapshot: 2000, yield: 100 });
    const late = gaps(turns, start).filter((gap) => gap > 100 + 16);
    expect(late.length).toBeLessThanOrEqual(1);
    expect(gaps(turns, start).slice(-5)).toEqual([100, 100, 100, 100, 100]);
  });

  it('takes a snapshot every snapshot interval, and none when the interval is Infinity', () => {
    // 1000 batches of 10 ms: 10 s.
    const durations = new Array(1000).fill(10);
    expect(run(durations, { batch: 250, snapshot: 2000, yield: 100 }).snapshots).toHaveLength(5);
    expect(run(durations, { batch: 250, snapshot: Number.POSITIVE_INFINITY, yield: 100 }).snapshots).toEqual([]);
  });

  it('with an interval of 0, every batch is due', () => {
    const { events, reads } = run(new Array(50).fill(0.5), { batch: 0, snapshot: 2000, yield: 100 });
    expect(events).toHaveLength(50);
    expect(reads).toBeGreaterThanOrEqual(50);
  });

  it('sets the optimiser’s learning rate from the schedule before each step', () => {
    const optimizer = { learningRate: 0 };
    const rates: number[] = [];
    const settings = {
      trainSize: 8,
      batchSize: 2,
      batchesPerEpoch: 4,
      epochs: 2,
      schedule: { type: 'step', everyEpochs: 1, gamma: 0.5 } as const,
      baseLearningRate: 0.4,
      batchInterval: 250,
      snapshotInterval: 2000,
      yieldInterval: 100,
      regression: false,
    };
    const result = { loss: 0, correct: 0, finite: true };
    const batches = new EpochBatches(
      settings,
      fakePath(optimizer, () => {
        rates.push(optimizer.learningRate);
        return result;
      }),
      tiny(),
      () => {},
    );
    for (const epoch of [1, 2]) {
      batches.begin(epoch);
      for (let b = 0; b < 4; b++) batches.step(b);
    }
    expect(rates).toEqual([0.4, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.2]);
    expect(batches.learningRate).toBe(0.2);
  });
});
