import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { fit, load, loadCheckpoint, Network, save } from '../src/index';

describe('save and load', () => {
  it('gives a network with identical predictions, and carries epoch and Adam state', async () => {
    const network = new Network({ layerSizes: [6, 5, 4, 3], hiddenActivation: 'sigmoid', seed: 7 });
    const data = {
      inputs: Float32Array.from({ length: 60 }, (_, i) => Math.sin(i)),
      labels: Uint8Array.from({ length: 10 }, (_, i) => i % 3),
    };
    const { optimizerState } = await fit(network, data, {
      epochs: 2,
      batchSize: 4,
      optimizer: { type: 'adam', learningRate: 0.01 },
    });
    const bytes = save(network, { epoch: 2, optimizerState, inputScale: 1, trainingConfig: { batchSize: 4 } });
    const x = Matrix.random(6, 5, { seed: 2 });
    expect(load(bytes).predict(x).data).toEqual(network.predict(x).data);
    const checkpoint = loadCheckpoint(bytes);
    expect(checkpoint.epoch).toBe(2);
    expect(checkpoint.trainingConfig).toBe('{"batchSize":4}');
    expect(checkpoint.optimizerState?.kind).toBe('adam');
    expect(checkpoint.optimizerState?.step).toBe(optimizerState.step);
    expect(checkpoint.optimizerState?.slots.m).toEqual(optimizerState.slots.m);
    expect(checkpoint.optimizerState?.slots.v).toEqual(optimizerState.slots.v);
    expect(checkpoint.network.activationNames).toEqual(['sigmoid', 'sigmoid', 'softmax']);
  });
});
