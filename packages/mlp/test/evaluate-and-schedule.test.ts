import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { ConfigError, createOptimizer, evaluate, fit, learningRateAt, Network } from '../src/index';

describe('evaluate', () => {
  it('counts a confusion matrix with per-class precision and recall', () => {
    // One identity layer on two inputs: the larger input is the predicted class.
    const network = new Network({ layerSizes: [2, 2], activations: ['identity'], loss: 'mse', seed: 1 });
    network.layers[0]!.weights.copyFrom(Matrix.identity(2));
    const data = { inputs: Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]), labels: Uint8Array.from([0, 1, 1, 1]) };
    const result = evaluate(network, data, { batchSize: 3 });
    expect(result.confusion).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(result.accuracy).toBe(0.75);
    expect(result.precision).toEqual([0.5, 1]);
    expect(result.recall).toEqual([1, 2 / 3]);
    // mse: per sample Σ (a − y)²; samples 0, 1, 3 are exact, sample 2 is off by 1 in both outputs.
    expect(result.loss).toBeCloseTo(2 / 4);
  });

  it("gives each sample's predicted class and its probability, in the data set's order", () => {
    const network = new Network({ layerSizes: [3, 5, 4], seed: 3 });
    const inputs = Float32Array.from({ length: 7 * 3 }, (_, i) => ((i * 37) % 11) / 10);
    const labels = [0, 1, 2, 3, 0, 1, 2];
    const result = evaluate(network, { inputs, labels }, { batchSize: 3 });
    const columns = new Matrix(7, 3, inputs.slice()).transpose();
    expect(Array.from(result.predicted)).toEqual(Array.from(network.predictClasses(columns)));
    const probabilities = network.predictProba(columns);
    result.predicted.forEach((cls, j) => {
      expect(result.confidence[j]).toBeCloseTo(probabilities.get(cls, j), 6);
    });
  });

  it("hands onEpochEnd the test set's evaluation behind the epoch's test figures", async () => {
    const network = new Network({ layerSizes: [2, 4, 2], seed: 1 });
    const data = { inputs: Float32Array.from([0, 1, 1, 0, 0.9, 0.1, 0.2, 0.8]), labels: [1, 0, 0, 1] };
    const seen: { accuracy: number | undefined; predicted: number[] | undefined }[] = [];
    await fit(network, data, {
      epochs: 2,
      batchSize: 2,
      optimizer: { type: 'sgd', learningRate: 0.1 },
      testData: data,
      onEpochEnd({ summary, test }) {
        expect(test?.accuracy).toBe(summary.testAccuracy);
        expect(test?.loss).toBe(summary.testLoss);
        seen.push({ accuracy: test?.accuracy, predicted: test && Array.from(test.predicted) });
      },
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.predicted).toEqual(Array.from(evaluate(network, data).predicted));
  });

  it('gives the dense figures on mostly-zero byte inputs, which it runs through the sparse first layer', () => {
    const count = 300;
    const inputs = new Uint8Array(count * 100);
    const labels = Array.from({ length: count }, (_, s) => s % 4);
    for (let i = 0; i < inputs.length; i++) if ((i * 7919) % 5 === 0) inputs[i] = (i * 31) % 256;
    const network = new Network({ layerSizes: [100, 16, 4], seed: 5 });
    // Biases that are not zero, so a first layer that dropped them would show.
    network.layers[0]!.bias.data.forEach((_, i, bias) => {
      bias[i] = ((i % 5) - 2) / 10;
    });
    const result = evaluate(network, { inputs, labels }, { batchSize: 128 });
    // The same samples as columns, scaled as evaluate scales bytes, through the model's dense predict.
    const columns = new Matrix(
      count,
      100,
      Float32Array.from(inputs, (v) => v / 255),
    ).transpose();
    const outputs = network.predict(columns);
    expect(Array.from(result.predicted)).toEqual(Array.from(network.predictClasses(columns)));
    const targets = new Float32Array(4 * count);
    labels.forEach((label, s) => {
      targets[label * count + s] = 1;
    });
    const loss = network.loss.value(outputs.data, targets, 4, count, network.layers[1]!.activation);
    expect(result.loss).toBeCloseTo(loss, 5);
    result.predicted.forEach((cls, s) => {
      expect(result.confidence[s]).toBeCloseTo(outputs.get(cls, s), 5);
    });
  });

  it("evaluates each epoch on the path's own W1ᵀ to the same figures as a fresh evaluation", async () => {
    const count = 200;
    const inputs = new Uint8Array(count * 100);
    const labels = Array.from({ length: count }, (_, s) => s % 4);
    for (let i = 0; i < inputs.length; i++) if ((i * 7919) % 5 === 0) inputs[i] = (i * 31) % 256;
    const data = { inputs, labels };
    // Without dropout the whole step runs in WebAssembly (W1ᵀ in its plan); with it, the sparse-input path.
    for (const [dropout, path] of [
      [0, 'wasm-step'],
      [0.1, 'sparse-input'],
    ] as const) {
      const network = new Network({ layerSizes: [100, 16, 4], seed: 5, dropout });
      const epochs: number[] = [];
      const result = await fit(network, data, {
        epochs: 2,
        batchSize: 32,
        optimizer: { type: 'adam', learningRate: 0.01 },
        testData: data,
        onEpochEnd({ epoch, test }) {
          const fresh = evaluate(network, data);
          expect(test?.loss, `${path}, epoch ${epoch}`).toBe(fresh.loss);
          expect(Array.from(test!.predicted)).toEqual(Array.from(fresh.predicted));
          epochs.push(epoch);
        },
      });
      expect(result.path.name).toBe(path);
      expect(epochs).toEqual([1, 2]);
    }
  });

  it('names a data set whose inputs do not fit its labels', () => {
    const network = new Network({ layerSizes: [2, 2], seed: 1 });
    expect(() => evaluate(network, { inputs: new Float32Array(5), labels: [0, 1] })).toThrow(ConfigError);
    expect(() => evaluate(network, { inputs: new Float32Array(4), labels: [0, 7] })).toThrow(/label 7 of sample 1/);
  });

  it('refuses an empty data set instead of reporting NaN', () => {
    const network = new Network({ layerSizes: [2, 2], seed: 1 });
    expect(() => evaluate(network, { inputs: new Float32Array(0), labels: [] })).toThrow(ConfigError);
    expect(() => evaluate(network, { inputs: new Float32Array(0), labels: [] })).toThrow(
      'evaluate: the data set has no samples',
    );
  });
});

describe('fit options', () => {
  it('refuses epochs: 0, which would train nothing and report NaN', async () => {
    const network = new Network({ layerSizes: [2, 2], seed: 1 });
    const data = { inputs: Float32Array.from([0, 1, 1, 0]), labels: [0, 1] };
    const options = { epochs: 0, batchSize: 2, optimizer: { type: 'sgd' as const, learningRate: 0.1 } };
    await expect(fit(network, data, options)).rejects.toThrow(
      new ConfigError('epochs must be a positive integer, got 0'),
    );
  });
});

describe('learning-rate schedules', () => {
  it('constant, step and cosine', () => {
    expect(learningRateAt({ type: 'constant' }, 0.1, 500, 100, 1000)).toBe(0.1);
    expect(learningRateAt({ type: 'step', everyEpochs: 2, gamma: 0.5 }, 0.1, 199, 100, 1000)).toBe(0.1);
    expect(learningRateAt({ type: 'step', everyEpochs: 2, gamma: 0.5 }, 0.1, 400, 100, 1000)).toBeCloseTo(0.025);
    expect(learningRateAt({ type: 'cosine' }, 0.1, 0, 100, 1000)).toBe(0.1);
    expect(learningRateAt({ type: 'cosine' }, 0.1, 500, 100, 1000)).toBeCloseTo(0.05);
    expect(learningRateAt({ type: 'cosine', minLearningRate: 0.01 }, 0.1, 1000, 100, 1000)).toBeCloseTo(0.01);
  });

  it('an optimiser steps at its learningRate, which fit sets from the schedule before every step', async () => {
    const w = Float32Array.from([1, 1]);
    const g = Float32Array.from([1, -2]);
    const sgd = createOptimizer([w], { type: 'sgd', learningRate: 0.25 });
    expect(sgd.learningRate).toBe(0.25);
    sgd.step([w], [g]);
    expect([...w]).toEqual([0.75, 1.5]);
    sgd.learningRate = 0.5;
    sgd.step([w], [g]);
    expect([...w]).toEqual([0.25, 2.5]);

    // 4 samples, batch 2: 2 steps per epoch, 6 in all; each epoch reports the rate of its last step.
    const network = new Network({ layerSizes: [2, 2], seed: 1 });
    const data = { inputs: Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0]), labels: [0, 1, 1, 0] };
    const schedule = { type: 'cosine' as const };
    const { history } = await fit(network, data, {
      epochs: 3,
      batchSize: 2,
      optimizer: { type: 'adam', learningRate: 0.1 },
      schedule,
    });
    expect(history.map((e) => e.learningRate)).toEqual(
      [1, 3, 5].map((step) => learningRateAt(schedule, 0.1, step, 2, 6)),
    );
    expect(history[2]!.learningRate).toBeLessThan(history[0]!.learningRate);
  });
});

describe('network construction', () => {
  it('refuses what cannot train, naming the option', () => {
    expect(() => new Network({ layerSizes: [2, 3, 2], activations: ['softmax', 'softmax'] })).toThrow(
      /output layer only/,
    );
    expect(() => new Network({ layerSizes: [2, 2], outputActivation: 'tanh', loss: 'crossEntropy' })).toThrow(
      /crossEntropy needs a softmax or sigmoid/,
    );
    expect(() => new Network({ layerSizes: [2, 0, 2] })).toThrow(/layerSizes\[1\]/);
    expect(() => new Network({ layerSizes: [2, 2], dropout: 1 })).toThrow(/dropout/);
  });

  it('initialises from the seed: same seed same weights, the seed recipe uniform in [−1, 1)', () => {
    const a = new Network({ layerSizes: [5, 4, 3], initializer: 'uniform', seed: 3 });
    const b = new Network({ layerSizes: [5, 4, 3], initializer: 'uniform', seed: 3 });
    expect(a.parameters()).toEqual(b.parameters());
    const w = a.layers[0]!.weights.data;
    expect(Math.max(...w)).toBeLessThan(1);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...w)).toBeGreaterThan(0.5);
    const he = new Network({ layerSizes: [600, 4, 3], initializer: 'he', seed: 3 });
    expect(Math.max(...he.layers[0]!.weights.data)).toBeLessThanOrEqual(Math.sqrt(6 / 600));
  });
});
