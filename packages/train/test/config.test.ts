import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, makeTrainConfig, recipes, validateConfig } from '../src/index';

describe('makeTrainConfig', () => {
  it('starts from the default recipe on digits, writing to runs/', () => {
    const config = makeTrainConfig();
    expect(config).toMatchObject({ recipe: 'default', dataset: 'digits', outDir: 'runs', ...recipes.default });
  });

  it('applies overrides on top of the chosen recipe and ignores undefined ones', () => {
    const config = makeTrainConfig({ recipe: 'seed', epochs: 2, learningRate: undefined, limit: 500 });
    expect(config.recipe).toBe('seed');
    expect(config.activation).toBe('sigmoid');
    expect(config.epochs).toBe(2);
    expect(config.learningRate).toBe(recipes.seed.learningRate);
    expect(config.limit).toBe(500);
  });

  it('does not share the recipe’s arrays with the config it returns', () => {
    const config = makeTrainConfig({ recipe: 'default' });
    config.hiddenLayers.push(5);
    expect(recipes.default.hiddenLayers).toEqual([128, 64]);
  });

  it('splits batches across 2 threads by default where the machine has 2 cores, and never where it cannot', () => {
    expect(makeTrainConfig().threads).toBe(Math.min(2, availableParallelism()));
    expect(makeTrainConfig({ recipe: 'seed' }).threads).toBe(1);
    // Augmentation runs in every thread, drawn per (seed, epoch, sample).
    expect(makeTrainConfig({ recipe: 'accuracy' }).threads).toBe(Math.min(2, availableParallelism()));
    expect(makeTrainConfig({ threads: 1 }).threads).toBe(1);
    expect(makeTrainConfig({ batchSize: 1, optimizer: 'adam' }).threads).toBe(1);
  });

  it('gives the seed recipe the seed article’s network', () => {
    expect(recipes.seed).toMatchObject({ hiddenLayers: [128, 64], activation: 'sigmoid', loss: 'mse', batchSize: 1 });
  });
});

describe('validateConfig', () => {
  const good = makeTrainConfig();
  const cases: [string, Record<string, unknown>, string][] = [
    ['negative learning rate', { learningRate: -1 }, 'learningRate: expected a number above 0, got -1'],
    ['zero-sized layer', { hiddenLayers: [128, 0] }, 'hiddenLayers: layer 2 has size 0'],
    ['fractional epochs', { epochs: 1.5 }, 'epochs: expected a whole number of at least 1, got 1.5'],
    ['unknown recipe', { recipe: 'fast' }, 'recipe: expected one of seed, default, accuracy, got "fast"'],
    ['unknown dataset', { dataset: 'cifar' }, 'dataset: expected one of digits, fashion'],
    ['dropout of 1', { dropout: 1 }, 'dropout: expected a probability in [0, 1), got 1'],
    ['zero limit', { limit: 0 }, 'limit: expected a whole number of at least 1, got 0'],
    ['missing outDir', { outDir: undefined }, 'outDir: expected a folder path, got nothing'],
    ['huge rotation', { augmentation: { maxShift: 2, maxRotation: 90 } }, 'augmentation.maxRotation'],
    [
      'a warp of one control point',
      { augmentation: { maxShift: 2, maxRotation: 10, warp: { points: 1, maxDisplacement: 2 } } },
      'augmentation.warp.points: expected an integer from 2 to 28, got 1',
    ],
    [
      'a negative warp',
      { augmentation: { maxShift: 2, maxRotation: 10, warp: { points: 5, maxDisplacement: -1 } } },
      'augmentation.warp.maxDisplacement: expected a number of pixels from 0 to 28, got -1',
    ],
    [
      'a warp that is not an object',
      { augmentation: { maxShift: 2, maxRotation: 10, warp: 3 } },
      'augmentation.warp: expected { points, maxDisplacement }, got 3',
    ],
    ['thread count of 0', { threads: 0 }, 'threads: expected a whole number of at least 1, got 0'],
    ['fractional thread count', { threads: 1.5 }, 'threads: expected a whole number of at least 1, got 1.5'],
    [
      'thread count over 16',
      { threads: 17 },
      'threads: 17 is more than the 16 threads a batch is split across at most',
    ],
    ['batch smaller than the threads', { batchSize: 3, threads: 4 }, 'threads: a batch of 3 cannot be split across 4'],
  ];
  for (const [name, change, message] of cases) {
    it(`rejects a ${name}, naming the field`, () => {
      const attempt = () => validateConfig({ ...good, ...change });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(message);
    });
  }

  it('accepts a config.json from before threads existed (one thread)', () => {
    const { threads: _threads, ...older } = good;
    expect(validateConfig(older).threads).toBeUndefined();
  });

  it('rejects something that is not an object', () => {
    expect(() => validateConfig('default')).toThrow('config: expected an object, got "default"');
  });

  it("reads a config.json written with the older names, in @nn/mlp's names", () => {
    const older = { ...good, loss: 'cross-entropy', optimizer: 'momentum', learningRate: 0.05 };
    const config = validateConfig(older);
    expect(config).toMatchObject({ loss: 'crossEntropy', optimizer: 'sgd', momentum: 0.9 });
    expect(older).toMatchObject({ loss: 'cross-entropy', optimizer: 'momentum' });
    expect(validateConfig({ ...older, momentum: 0.5 }).momentum).toBe(0.5);
    expect(validateConfig(config)).toEqual(config);
  });

  it('takes the older names as overrides too (editor settings, scripts)', () => {
    expect(makeTrainConfig({ loss: 'cross-entropy', optimizer: 'momentum' })).toMatchObject({
      loss: 'crossEntropy',
      optimizer: 'sgd',
      momentum: 0.9,
    });
  });

  it("lists @nn/mlp's names when a name is unknown, and keeps momentum to sgd", () => {
    expect(() => validateConfig({ ...good, loss: 'hinge' })).toThrow(
      'loss: expected one of mse, crossEntropy, got "hinge"',
    );
    expect(() => validateConfig({ ...good, optimizer: 'rmsprop' })).toThrow(
      'optimizer: expected one of sgd, adam, got "rmsprop"',
    );
    expect(() => validateConfig({ ...good, activation: 'softmax' })).toThrow(/^activation: expected one of sigmoid/);
    expect(() => validateConfig({ ...good, momentum: 0.9 })).toThrow('momentum: applies to sgd only');
    expect(() => validateConfig({ ...good, optimizer: 'sgd', momentum: 1 })).toThrow(
      'momentum: expected a number in [0, 1), got 1',
    );
  });

  it('accepts every recipe', () => {
    for (const recipe of ['seed', 'default', 'accuracy'] as const) {
      expect(() => makeTrainConfig({ recipe })).not.toThrow();
    }
  });
});
