import { SeededRandom } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import {
  type Activation,
  type ActivationName,
  backward,
  createGradients,
  forward,
  gradientArrays,
  type LossName,
  Network,
} from '../src/index';
import { float64Loss } from './helpers/float64-loss';

/**
 * Bound on ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) per parameter tensor. The numeric gradient is
 * float64 central differences (h = 1e-6); the analytic one is float32, so ~1e-6 relative error is expected.
 */
const BOUND = 1e-4;
const H = 1e-6;

function checkGradients(network: Network, batchSize: number, seed: number): number {
  const rng = new SeededRandom(seed);
  const buffers = network.buffersFor(batchSize);
  for (let i = 0; i < buffers.x.data.length; i++) buffers.x.data[i] = rng.uniform(-1, 1);
  const outputs = network.outputSize;
  const outputActivation = network.layers[network.layers.length - 1]!.activation.name;
  for (let j = 0; j < batchSize; j++) {
    if (outputActivation === 'softmax') buffers.y.data[rng.int(outputs) * batchSize + j] = 1;
    else for (let i = 0; i < outputs; i++) buffers.y.data[i * batchSize + j] = rng.next() < 0.5 ? 0 : 1;
  }
  forward(network, buffers.x, buffers);
  const gradients = createGradients(network);
  backward(network, buffers.x, buffers.y, buffers, gradients);
  const analytic = gradientArrays(gradients);
  const parameters = network.parameters().map((p) => Float64Array.from(p));
  const x = Float64Array.from(buffers.x.data);
  const y = Float64Array.from(buffers.y.data);
  let worst = 0;
  parameters.forEach((values, k) => {
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < values.length; i++) {
      const saved = values[i]!;
      values[i] = saved + H;
      const plus = float64Loss(network, parameters, x, y, batchSize);
      values[i] = saved - H;
      const minus = float64Loss(network, parameters, x, y, batchSize);
      values[i] = saved;
      const numeric = (plus - minus) / (2 * H);
      const exact = analytic[k]![i]!;
      diff += (exact - numeric) ** 2;
      norm += exact ** 2 + numeric ** 2;
    }
    const relative = norm === 0 ? 0 : Math.sqrt(diff) / Math.sqrt(norm);
    worst = Math.max(worst, relative);
  });
  return worst;
}

const HIDDEN: ActivationName[] = ['sigmoid', 'relu', 'leakyRelu', 'tanh', 'identity'];
const OUTPUT_AND_LOSS: [ActivationName, LossName][] = [
  ['sigmoid', 'mse'],
  ['relu', 'mse'],
  ['leakyRelu', 'mse'],
  ['tanh', 'mse'],
  ['identity', 'mse'],
  ['softmax', 'mse'],
  ['softmax', 'crossEntropy'],
  ['sigmoid', 'crossEntropy'],
];

describe('gradients match central differences', () => {
  for (const [output, loss] of OUTPUT_AND_LOSS) {
    for (const hidden of HIDDEN) {
      it(`${hidden} hidden, ${output} output, ${loss}`, () => {
        const network = new Network({
          layerSizes: [4, 6, 3],
          activations: [hidden, output],
          loss,
          initializer: 'glorot',
          seed: 11,
        });
        expect(checkGradients(network, 5, 3)).toBeLessThan(BOUND);
      });
    }
  }

  it('a 3-hidden-layer network with mixed activations and a batch of 7', () => {
    const network = new Network({
      layerSizes: [8, 7, 6, 5, 4],
      activations: ['tanh', 'relu', 'sigmoid', 'softmax'],
      initializer: 'glorot',
      seed: 5,
    });
    expect(checkGradients(network, 7, 9)).toBeLessThan(BOUND);
  });

  it('detects a wrong backward rule (the check can fail)', () => {
    const network = new Network({ layerSizes: [4, 6, 3], activations: ['tanh', 'softmax'], seed: 2 });
    const layer = network.layers[0] as { activation: Activation };
    // Pretend tanh' is 1: the gradient of the first layer no longer matches the loss.
    layer.activation = {
      ...layer.activation,
      backward: (_z, _a, da, dz, rows, cols) => dz.set(da.subarray(0, rows * cols)),
    };
    expect(checkGradients(network, 5, 3)).toBeGreaterThan(BOUND);
  });
});
