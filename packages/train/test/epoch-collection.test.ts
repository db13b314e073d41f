import { afterEach, describe, expect, it } from 'vitest';
import { resumeTraining, type TrainEvent, trainMnist } from '../src/index';
import { epochEndCollector } from '../src/job/epoch-collection';
import { quickConfig, workerPath } from './support';

describe('epochEndCollector', () => {
  it('collects after an epoch once 5 s have passed since the start or the last collection', () => {
    let clock = 0;
    let collections = 0;
    const collect = epochEndCollector(
      () => () => collections++,
      () => clock,
    );
    const collectedAt: number[] = [];
    for (const t of [300, 4_900, 5_000, 6_000, 9_999, 10_000, 25_000]) {
      clock = t;
      if (collect()) collectedAt.push(t);
    }
    expect(collectedAt).toEqual([5_000, 10_000, 25_000]);
    expect(collections).toBe(3);
  });

  it('collects at once when asked, whatever the interval, and counts from there', () => {
    let clock = 0;
    const collectedAt: number[] = [];
    const collect = epochEndCollector(
      () => () => collectedAt.push(clock),
      () => clock,
    );
    clock = 200;
    expect(collect(true)).toBe(true);
    clock = 5_000;
    expect(collect()).toBe(false);
    clock = 5_200;
    expect(collect()).toBe(true);
    expect(collectedAt).toEqual([200, 5_200]);
  });

  it('does nothing where the process does not expose gc (an editor, a plain node)', () => {
    let clock = 0;
    const collect = epochEndCollector(
      () => undefined,
      () => clock,
    );
    clock = 60_000;
    expect(collect()).toBe(false);
    expect(collect(true)).toBe(false);
  });
});

describe('a resumed run and the collector', () => {
  const global = globalThis as { gc?: () => void };
  const processGc = global.gc;
  afterEach(() => {
    global.gc = processGc;
  });

  it('collects once fit has started, before the first step: the decoded resume file is garbage by then', async () => {
    const controller = new AbortController();
    const config = quickConfig({ limit: 300, threads: 1, hiddenLayers: [16] });
    const stopped = await trainMnist(config, {
      workerPath,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'checkpoint' && event.epoch === 1) controller.abort();
      },
    });
    // The types of the events before each collection, as the run's own `gc` sees them.
    const seen: TrainEvent['type'][] = [];
    const before: TrainEvent['type'][][] = [];
    global.gc = () => before.push([...seen]);
    await resumeTraining(stopped.runDir, { workerPath, onEvent: (event) => seen.push(event.type) });
    expect(before[0]).toEqual(['run', 'log', 'start']);
  });
});
