import { describe, expect, it } from 'vitest';
import { type ClassDataset, DivergenceError, type FitOptions, fit, loadCheckpoint, Network, save } from '../src/index';

/** 300 samples of 12 noisy features in 4 classes, as uint8 like MNIST. */
function dataset(): ClassDataset {
  const count = 300;
  const inputs = new Uint8Array(count * 12);
  const labels = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    labels[s] = s % 4;
    for (let i = 0; i < 12; i++)
      inputs[s * 12 + i] = (Math.floor(i / 3) === s % 4 ? 150 : 40) + ((s * 31 + i * 17) % 90);
  }
  return { inputs, labels };
}

const network = () => new Network({ layerSizes: [12, 10, 8, 4], dropout: 0.2, seed: 42 });
const options: FitOptions = {
  epochs: 4,
  batchSize: 32,
  optimizer: { type: 'adam', learningRate: 0.01 },
  schedule: { type: 'cosine' },
  weightDecay: 1e-4,
  seed: 9,
};
const weights = (n: Network) => n.parameters().map((p) => Array.from(p));

describe('reproducibility', () => {
  it('gives bit-identical weights for the same seed, data and options', async () => {
    const a = network();
    const b = network();
    await fit(a, dataset(), options);
    await fit(b, dataset(), options);
    expect(weights(a)).toEqual(weights(b));
    const c = network();
    await fit(c, dataset(), { ...options, seed: 10 });
    expect(weights(c)).not.toEqual(weights(a));
  });

  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const uninterrupted = network();
    await fit(uninterrupted, dataset(), options);
    const first = network();
    let saved: Uint8Array | undefined;
    await fit(first, dataset(), {
      ...options,
      onEpochEnd: ({ epoch, optimizerState }) => {
        if (epoch === 2) saved = save(first, { epoch, optimizerState });
      },
    });
    const checkpoint = loadCheckpoint(saved!);
    const resumed = checkpoint.network;
    const result = await fit(resumed, dataset(), {
      ...options,
      resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
    });
    expect(result.history.map((e) => e.epoch)).toEqual([3, 4]);
    expect(weights(resumed)).toEqual(weights(uninterrupted));
  });

  it('stops with a DivergenceError naming the batch, keeping the weights from before the bad step', async () => {
    const n = new Network({ layerSizes: [12, 10, 4], seed: 1 });
    const data = dataset();
    const bad = { inputs: Float32Array.from(data.inputs, (v) => v), labels: data.labels, inputScale: 1e40 };
    // Inputs overflow float32 to ∞, so the very first loss is NaN.
    const before = weights(n);
    const error = await fit(n, bad, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as DivergenceError).message).toMatch(/epoch 1, batch 1.*lower learning rate/);
    expect(weights(n)).toEqual(before);
  });
});
