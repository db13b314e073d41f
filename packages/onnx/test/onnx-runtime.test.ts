import { fit, Network } from '@nn/mlp';
import { beforeAll, describe, expect, it } from 'vitest';
import { mnistSplit } from './helpers/mnist-test-images';
import { accuracy, maxAbsDifference, outputsOfBoth, rowArgmax } from './helpers/run-both';

// ONNX Runtime runs each exported model on 1 000 MNIST test images; its outputs must be network.predict's.
const TEST_IMAGES = 1000;
const TOLERANCE = 1e-5;

let test: Awaited<ReturnType<typeof mnistSplit>>;
let train: Awaited<ReturnType<typeof mnistSplit>>;
beforeAll(async () => {
  test = await mnistSplit('t10k', TEST_IMAGES);
  train = await mnistSplit('train', 3000);
});

async function expectSameClassifier(network: Network, inputScale: number | undefined) {
  const { predicted, onnx, dims } = await outputsOfBoth(network, test.inputs, inputScale);
  expect(dims).toEqual([TEST_IMAGES, 10]);
  expect(maxAbsDifference(predicted, onnx)).toBeLessThan(TOLERANCE);
  const ours = accuracy(rowArgmax(predicted, 10), test.labels);
  // Trained briefly, but trained: a broken export or a dead network would sit near 0.1.
  expect(ours).toBeGreaterThan(0.6);
  expect(accuracy(rowArgmax(onnx, 10), test.labels)).toBe(ours);
}

describe('exportOnnx run by ONNX Runtime', () => {
  let defaultShape: Network;
  let seedShape: Network;
  beforeAll(async () => {
    // The default recipe's shape: relu hidden layers, softmax + cross-entropy.
    defaultShape = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
    await fit(defaultShape, train, { epochs: 1, batchSize: 64, optimizer: { type: 'adam', learningRate: 3e-3 } });
    // The seed's: sigmoid everywhere, mean squared error, per-sample SGD.
    seedShape = new Network({
      layerSizes: [784, 128, 64, 10],
      hiddenActivation: 'sigmoid',
      outputActivation: 'sigmoid',
      loss: 'mse',
      initializer: 'uniform',
      seed: 2,
    });
    await fit(seedShape, train, { epochs: 1, batchSize: 1, optimizer: { type: 'sgd', learningRate: 0.1 } });
  });

  it('relu/softmax: same probabilities and accuracy, inputs scaled outside the graph', async () => {
    await expectSameClassifier(defaultShape, undefined);
  });

  it('relu/softmax: same with the 1/255 scaling inside the graph (raw pixel values in)', async () => {
    await expectSameClassifier(defaultShape, 1 / 255);
  });

  it('sigmoid everywhere (the seed): same outputs and accuracy', async () => {
    await expectSameClassifier(seedShape, 1 / 255);
  });

  it('regression shape (tanh, leakyRelu, identity output): same real-valued outputs', async () => {
    // fit takes class labels only, so this network keeps its seeded initial weights, with biases set by hand.
    const network = new Network({
      layerSizes: [784, 32, 16, 3],
      activations: ['tanh', 'leakyRelu', 'identity'],
      seed: 3,
    });
    for (const layer of network.layers) {
      for (let i = 0; i < layer.bias.rows; i++) layer.bias.data[i] = 0.1 * i - 0.5;
    }
    network.layers[2]!.bias.data.set([-1, 0.25, 1.5]);
    const { predicted, onnx, dims } = await outputsOfBoth(network, test.inputs, undefined);
    expect(dims).toEqual([TEST_IMAGES, 3]);
    // Outputs spread over both signs and beyond [0, 1], so identity is not quietly a sigmoid or relu.
    expect(Math.min(...predicted)).toBeLessThan(-0.5);
    expect(Math.max(...predicted)).toBeGreaterThan(0.5);
    expect(maxAbsDifference(predicted, onnx)).toBeLessThan(TOLERANCE);
  });
});
