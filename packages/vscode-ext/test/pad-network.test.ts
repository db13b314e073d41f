import { Network } from '@nn/mlp';
import { PadNetwork } from '@nn/views/pad-network';
import { describe, expect, it } from 'vitest';
import { padModel } from '../src/pad-model';
import type { PadModel } from '../src/protocol';

const RELU = { activation: 'relu', loss: 'crossEntropy' } as const;

/** `network` as the host sends it to the pad (its biases set to small distinct values first, so they count). */
function modelOf(network: Network, config: Parameters<typeof padModel>[2] = RELU): PadModel {
  const layers = network.layers.map((layer) => ({
    rows: layer.weights.rows,
    cols: layer.weights.cols,
    weights: layer.weights.data.slice(),
    bias: layer.bias.data.map((_, i) => 0.01 * i),
  }));
  layers.forEach((layer, l) => {
    network.layers[l]?.bias.data.set(layer.bias);
  });
  const model = padModel(layers, { epoch: 1, batch: 0 }, config);
  if (!model) throw new Error('no model');
  return model;
}

const image = Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
const reference = (network: Network) => Array.from(network.predictRows(image, 1, 1 / 255));

describe('the digit pad network', () => {
  it('gives what @nn/mlp gives for the same weights, with every hidden layer’s activations', () => {
    const network = new Network({ layerSizes: [784, 16, 8, 10], seed: 3 });
    const prediction = new PadNetwork(modelOf(network)).predict(image);
    Array.from(prediction.probabilities).forEach((p, d) => {
      expect(p).toBeCloseTo(reference(network)[d] ?? Number.NaN, 6);
    });
    expect(prediction.hidden.map((layer) => layer.length)).toEqual([16, 8]);
    // relu: no negative activation.
    expect(prediction.hidden.every((layer) => layer.every((a) => a >= 0))).toBe(true);
  });

  it('takes newer weights of the same network in place, and refuses another shape', () => {
    const first = new Network({ layerSizes: [784, 16, 8, 10], seed: 3 });
    const later = new Network({ layerSizes: [784, 16, 8, 10], seed: 4 });
    const pad = new PadNetwork(modelOf(first));
    const before = Array.from(pad.predict(image).probabilities);
    expect(pad.load(modelOf(later))).toBe(true);
    const after = Array.from(pad.predict(image).probabilities);
    expect(after).not.toEqual(before);
    after.forEach((p, d) => {
      expect(p).toBeCloseTo(reference(later)[d] ?? Number.NaN, 6);
    });
    expect(pad.load(modelOf(new Network({ layerSizes: [784, 32, 10], seed: 5 })))).toBe(false);
    expect(pad.load(modelOf(later, { activation: 'tanh', loss: 'crossEntropy' }))).toBe(false);
  });

  it('normalises a sigmoid output (the seed recipe’s MSE network) into probabilities', () => {
    const network = new Network({
      layerSizes: [784, 16, 10],
      hiddenActivation: 'sigmoid',
      outputActivation: 'sigmoid',
    });
    const { probabilities } = new PadNetwork(modelOf(network, { activation: 'sigmoid', loss: 'mse' })).predict(image);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
