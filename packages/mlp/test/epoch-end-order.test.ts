import { describe, expect, it } from 'vitest';
import { type ClassDataset, fit, Network } from '../src/index';

/** 64 samples of 4 features in 2 classes. */
function dataset(): ClassDataset {
  const inputs = new Float32Array(64 * 4);
  const labels = new Uint8Array(64);
  for (let s = 0; s < 64; s++) {
    labels[s] = s % 2;
    for (let i = 0; i < 4; i++) inputs[s * 4 + i] = (s % 2 === 0 ? 0.2 : 0.8) + ((s * 7 + i * 3) % 10) / 50;
  }
  return { inputs, labels };
}

describe("an epoch's checkpoint and its event", () => {
  it('awaits onEpochEnd (the checkpoint) before it emits the epoch event, so a kill between them loses no epoch', async () => {
    const order: string[] = [];
    await fit(new Network({ layerSizes: [4, 3, 2], seed: 1 }), dataset(), {
      epochs: 3,
      batchSize: 16,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      async onEpochEnd({ epoch, summary }) {
        // A slow write: the epoch event must still wait for it.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(summary.epoch).toBe(epoch);
        order.push(`checkpoint ${epoch}`);
      },
      onEvent(event) {
        if (event.type === 'epoch') order.push(`epoch ${event.epoch}`);
      },
    });
    expect(order).toEqual(['checkpoint 1', 'epoch 1', 'checkpoint 2', 'epoch 2', 'checkpoint 3', 'epoch 3']);
  });

  it('emits no event for an epoch whose checkpoint failed', async () => {
    const epochs: number[] = [];
    const run = fit(new Network({ layerSizes: [4, 3, 2], seed: 1 }), dataset(), {
      epochs: 3,
      batchSize: 16,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      onEpochEnd({ epoch }) {
        if (epoch === 2) throw new Error('disk full');
      },
      onEvent(event) {
        if (event.type === 'epoch') epochs.push(event.epoch);
      },
    });
    await expect(run).rejects.toThrow('disk full');
    expect(epochs).toEqual([1]);
  });
});
