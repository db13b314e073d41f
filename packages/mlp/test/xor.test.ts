import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { type FitEvent, fit, Network } from '../src/index';

const xor = { inputs: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]), labels: Uint8Array.from([0, 1, 1, 0]) };
const columns = Matrix.fromArray(2, 4, [0, 0, 1, 1, 0, 1, 0, 1]);

describe('fit on XOR', () => {
  it('learns XOR with a sigmoid output and emits start, epoch and done events', async () => {
    const network = new Network({
      layerSizes: [2, 4, 1],
      hiddenActivation: 'tanh',
      outputActivation: 'sigmoid',
      seed: 1,
    });
    const events: FitEvent['type'][] = [];
    const result = await fit(network, xor, {
      epochs: 300,
      batchSize: 4,
      optimizer: { type: 'adam', learningRate: 0.05 },
      onEvent: (e) => events.push(e.type),
    });
    expect(Array.from(network.predictClasses(columns))).toEqual([0, 1, 1, 0]);
    expect(network.predictProba(columns).data).toEqual(network.predict(columns).data);
    expect(result.history.at(-1)!.trainAccuracy).toBe(1);
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('done');
    expect(events.filter((t) => t === 'epoch')).toHaveLength(300);
  });

  it('learns XOR with two softmax outputs and SGD with momentum', async () => {
    const network = new Network({ layerSizes: [2, 8, 2], hiddenActivation: 'relu', seed: 3 });
    await fit(network, xor, {
      epochs: 500,
      batchSize: 4,
      optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 },
    });
    const p = network.predict(columns);
    expect(p.rows).toBe(2);
    expect(Array.from(p.argmaxColumns())).toEqual([0, 1, 1, 0]);
    const proba = network.predictProba(columns);
    for (let j = 0; j < 4; j++) expect(proba.get(0, j) + proba.get(1, j)).toBeCloseTo(1, 6);
  });

  it('stops between batches when its AbortSignal fires', async () => {
    const network = new Network({ layerSizes: [2, 4, 2], seed: 1 });
    const controller = new AbortController();
    controller.abort();
    const result = await fit(network, xor, {
      epochs: 5,
      batchSize: 1,
      optimizer: { type: 'adam', learningRate: 0.01 },
      signal: controller.signal,
    });
    expect(result).toMatchObject({ stopped: true, epochs: 0 });
  });

  it('emits batch and snapshot events by time, passes each sample through augment, and reports test accuracy', async () => {
    const network = new Network({ layerSizes: [2, 4, 2], seed: 1 });
    const events: FitEvent[] = [];
    const augmented: [number, number][] = [];
    await fit(network, xor, {
      epochs: 2,
      batchSize: 2,
      optimizer: { type: 'adam', learningRate: 0.01 },
      testData: xor,
      batchEventInterval: 0,
      snapshotInterval: 0,
      augment: (sample, pixels, epoch) => {
        expect(pixels).toHaveLength(2);
        augmented.push([sample, epoch]);
      },
      onEvent: (e) => events.push(e),
    });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(4);
    const snapshot = events.find((e) => e.type === 'snapshot');
    expect(snapshot?.type === 'snapshot' && snapshot.layers.map((l) => [l.rows, l.cols])).toEqual([
      [4, 2],
      [2, 4],
    ]);
    expect(augmented.map(([s]) => s).sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(augmented.map(([, e]) => e)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    const epoch = events.find((e) => e.type === 'epoch');
    expect(epoch?.type === 'epoch' && typeof epoch.testAccuracy).toBe('number');
  });
});
