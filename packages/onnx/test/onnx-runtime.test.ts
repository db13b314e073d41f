import { evaluate, fit, Network } from '@nn/mlp';
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

/**
 * Three real numbers per image to regress: the digit's value and the centre of its ink (row, column), each
 * brought to about −1.5…1.5.
 */
function shapeTargets(images: Uint8Array, labels: Uint8Array): Float32Array {
  const targets = new Float32Array(labels.length * 3);
  for (let s = 0; s < labels.length; s++) {
    let [ink, rows, cols] = [0, 0, 0];
    for (let p = 0; p < 784; p++) {
      const v = images[s * 784 + p]!;
      ink += v;
      rows += v * Math.floor(p / 28);
      cols += v * (p % 28);
    }
    targets.set([(labels[s]! - 4.5) / 3, rows / ink / 14 - 1, cols / ink / 14 - 1], s * 3);
  }
  return targets;
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

  it('a trained regression network (tanh, leakyRelu, identity output): same real-valued outputs', async () => {
    const network = new Network({
      layerSizes: [784, 32, 16, 3],
      activations: ['tanh', 'leakyRelu', 'identity'],
      loss: 'mse',
      seed: 3,
    });
    const before = evaluate(network, { inputs: test.inputs, targets: shapeTargets(test.inputs, test.labels) });
    const data = { inputs: train.inputs, targets: shapeTargets(train.inputs, train.labels) };
    await fit(network, data, { epochs: 2, batchSize: 32, optimizer: { type: 'adam', learningRate: 3e-3 } });
    const after = evaluate(network, { inputs: test.inputs, targets: shapeTargets(test.inputs, test.labels) });
    // Trained, and on unseen images: a network that did not learn (or an export of untrained weights) would not pass.
    expect(after.meanSquaredError).toBeLessThan(before.meanSquaredError / 2);
    const { predicted, onnx, dims } = await outputsOfBoth(network, test.inputs, 1 / 255);
    expect(dims).toEqual([TEST_IMAGES, 3]);
    // Outputs spread over both signs and beyond [0, 1], so identity is not quietly a sigmoid or relu.
    expect(Math.min(...predicted)).toBeLessThan(-0.5);
    expect(Math.max(...predicted)).toBeGreaterThan(0.5);
    expect(maxAbsDifference(predicted, onnx)).toBeLessThan(TOLERANCE);
  });
});
