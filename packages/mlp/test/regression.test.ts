import { describe, expect, it } from 'vitest';
import { fitSine, sineData } from '../examples/regression';
import { ConfigError, evaluate, fit, Network, type RegressionDataset, type RegressionFitEvent } from '../src/index';

/** (x1, x2) on a grid in [−1, 1]² with two targets per row: x1 + x2 and x1·x2. */
function sumAndProduct(side: number): RegressionDataset {
  const inputs = new Float32Array(side * side * 2);
  const targets = new Float32Array(side * side * 2);
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const s = i * side + j;
      const [x1, x2] = [-1 + (2 * i) / (side - 1), -1 + (2 * j) / (side - 1)];
      inputs.set([x1, x2], 2 * s);
      targets.set([x1 + x2, x1 * x2], 2 * s);
    }
  }
  return { inputs, targets };
}

const regressionNetwork = (layerSizes: number[], seed = 1) =>
  new Network({ layerSizes, hiddenActivation: 'tanh', outputActivation: 'identity', seed });

describe('regression: fit on real-valued targets', () => {
  it('examples/regression.ts learns y = sin(x) on [−π, π] to a mean squared error below 0.002', async () => {
    const untrained = evaluate(regressionNetwork([1, 32, 1]), sineData(101));
    const { network, test } = await fitSine();
    expect(untrained.meanSquaredError).toBeGreaterThan(0.05);
    expect(test.meanSquaredError).toBeLessThan(0.002);
    // predictRows gives the identity output's raw values, one row per sample.
    const x = Float32Array.of(-Math.PI / 2, 0, Math.PI / 2);
    const y = network.predictRows(x, 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(y[i]! - Math.sin(x[i]!))).toBeLessThan(0.1);
  });

  it('learns two outputs at once: (x1 + x2, x1·x2)', async () => {
    const network = regressionNetwork([2, 16, 2], 2);
    const result = await fit(network, sumAndProduct(15), {
      epochs: 150,
      batchSize: 15,
      optimizer: { type: 'adam', learningRate: 0.01 },
      testData: sumAndProduct(8),
    });
    const last = result.history.at(-1)!;
    expect(last.testMeanAbsoluteError).toBeLessThan(0.05);
    expect(evaluate(network, sumAndProduct(8)).meanSquaredError).toBeLessThan(0.005);
  });

  it('reports mean absolute errors, not accuracies, in batch, epoch and done events and in the history', async () => {
    const events: RegressionFitEvent[] = [];
    const data = sineData(64);
    const network = regressionNetwork([1, 8, 1]);
    const before = evaluate(network, data);
    // A learning rate too small to move a float32 weight: the figures of every batch are those of the start.
    const result = await fit(network, data, {
      epochs: 2,
      batchSize: 16,
      optimizer: { type: 'sgd', learningRate: 1e-30 },
      testData: data,
      batchEventInterval: 0,
      onEvent: (event) => events.push(event),
    });
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches).toHaveLength(8);
    for (const batch of batches) expect(batch).not.toHaveProperty('accuracy');
    const epoch = result.history[0]!;
    expect(epoch).not.toHaveProperty('trainAccuracy');
    expect(epoch.trainMeanAbsoluteError).toBeCloseTo(before.meanAbsoluteError, 6);
    expect(epoch.testMeanAbsoluteError).toBeCloseTo(before.meanAbsoluteError, 6);
    expect(epoch.loss).toBeCloseTo(before.loss, 6);
    const meanOfBatches = batches.slice(0, 4).reduce((sum, b) => sum + b.meanAbsoluteError, 0) / 4;
    expect(meanOfBatches).toBeCloseTo(before.meanAbsoluteError, 6);
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', trainMeanAbsoluteError: epoch.trainMeanAbsoluteError });
    expect(done).not.toHaveProperty('trainAccuracy');
  });
});

describe('evaluate on a regression data set', () => {
  it('gives the loss, mean squared error and mean absolute error worked out by hand', () => {
    // One identity layer, 1 input → 2 outputs: out = (2x + 0.5, −x).
    const network = new Network({ layerSizes: [1, 2], activations: ['identity'] });
    network.layers[0]!.weights.data.set([2, -1]);
    network.layers[0]!.bias.data.set([0.5, 0]);
    const data = { inputs: Float32Array.of(0, 1, -1), targets: Float32Array.of(1, 0, 2, -2, 0, 0) };
    // outputs (0.5, 0), (2.5, −1), (−1.5, 1); errors (−0.5, 0), (0.5, 1), (−1.5, 1)
    const squared = [0.25, 0, 0.25, 1, 2.25, 1];
    const absolute = [0.5, 0, 0.5, 1, 1.5, 1];
    const result = evaluate(network, data, { batchSize: 2 });
    expect(result.meanSquaredError).toBeCloseTo(squared.reduce((a, b) => a + b) / 6, 6);
    expect(result.meanAbsoluteError).toBeCloseTo(absolute.reduce((a, b) => a + b) / 6, 6);
    // The loss ('mse') sums a sample's squared errors over its outputs, then averages over the samples.
    expect(result.loss).toBeCloseTo(squared.reduce((a, b) => a + b) / 3, 6);
    expect(Object.keys(result).sort()).toEqual(['loss', 'meanAbsoluteError', 'meanSquaredError']);
  });
});

describe('regression data that fit refuses, with what is wrong and where', () => {
  const network = regressionNetwork([2, 4, 2]);
  const options = { epochs: 1, batchSize: 2, optimizer: { type: 'sgd', learningRate: 0.1 } } as const;
  const inputs = new Float32Array(6);

  it('targets that are not whole rows of the network’s outputs', async () => {
    await expect(fit(network, { inputs, targets: new Float32Array(5) }, options)).rejects.toThrow(
      new ConfigError("fit data: 5 targets are not rows of 2 (the network's outputs): 2 rows and 1 values left over"),
    );
  });

  it('a target that is not finite, by sample and output', async () => {
    const targets = Float32Array.of(0, 1, 2, 3, Number.NaN, 5);
    await expect(fit(network, { inputs, targets }, options)).rejects.toThrow(
      new ConfigError('fit data: target NaN of sample 2, output 0 is not finite'),
    );
    const test = { inputs, targets: Float32Array.of(0, 1, 2, Number.POSITIVE_INFINITY, 4, 5) };
    await expect(
      fit(network, { inputs, targets: new Float32Array(6) }, { ...options, testData: test }),
    ).rejects.toThrow(new ConfigError('fit testData: target Infinity of sample 1, output 1 is not finite'));
  });

  it('inputs that do not match the target rows', async () => {
    await expect(fit(network, { inputs: new Float32Array(5), targets: new Float32Array(6) }, options)).rejects.toThrow(
      new ConfigError('fit data: 3 target rows need 3 × 2 = 6 input values, got 5'),
    );
  });

  it('targets for a network trained with cross-entropy, or with a softmax output', async () => {
    const targets = new Float32Array(6);
    const advice =
      "fit data: cross-entropy needs classes: for regression targets use loss: 'mse' with outputActivation: 'identity'";
    const classifier = new Network({ layerSizes: [2, 4, 2] }); // softmax + crossEntropy by default
    await expect(fit(classifier, { inputs, targets }, options)).rejects.toThrow(
      new ConfigError(`${advice} (this network has loss 'crossEntropy' and a softmax output)`),
    );
    const softmaxMse = new Network({ layerSizes: [2, 4, 2], loss: 'mse' });
    await expect(fit(softmaxMse, { inputs, targets }, options)).rejects.toThrow(
      new ConfigError(`${advice} (this network has loss 'mse' and a softmax output)`),
    );
    const sigmoidCrossEntropy = new Network({ layerSizes: [2, 4, 2], outputActivation: 'sigmoid' });
    expect(() => evaluate(sigmoidCrossEntropy, { inputs, targets })).toThrow(
      new ConfigError(
        `${advice.replace('fit data', 'evaluate')} (this network has loss 'crossEntropy' and a sigmoid output)`,
      ),
    );
  });

  it('both labels and targets, or neither', async () => {
    const both = { inputs, labels: [0, 1, 0], targets: new Float32Array(6) } as never;
    await expect(fit(network, both, options)).rejects.toThrow(
      new ConfigError('fit data: give labels (classes) or targets (regression), not both'),
    );
    expect(() => evaluate(network, { inputs } as never)).toThrow(
      new ConfigError('evaluate: needs labels (classes) or targets (regression)'),
    );
  });

  it('test data of the other kind', async () => {
    const testData = { inputs, labels: [0, 1, 1] } as never;
    await expect(fit(network, { inputs, targets: new Float32Array(6) }, { ...options, testData })).rejects.toThrow(
      new ConfigError('fit testData: the training data has targets, the test data labels; give both the same kind'),
    );
  });
});
