import { describe, expect, it } from 'vitest';
import { readSettings } from '../src/settings';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readSettings', () => {
  it('keeps the recipe values for settings left at null', () => {
    const result = readSettings(reader({ recipe: 'seed', epochs: null, learningRate: null, dataFolder: '' }));
    expect(result).toEqual({
      ok: true,
      settings: { overrides: { recipe: 'seed', dataset: 'digits' }, dataFolder: '', runsFolder: '' },
    });
  });

  it('passes every override that is set', () => {
    const result = readSettings(
      reader({
        recipe: 'default',
        dataset: 'fashion',
        hiddenLayers: ' 32,16 ',
        activation: 'tanh',
        optimizer: 'momentum',
        learningRate: 0.01,
        batchSize: 32,
        epochs: 3,
        seed: 7,
        limit: 1000,
        threads: 2,
        runsFolder: ' runs ',
      }),
    );
    expect(result.ok && result.settings).toEqual({
      overrides: {
        recipe: 'default',
        dataset: 'fashion',
        hiddenLayers: [32, 16],
        activation: 'tanh',
        optimizer: 'momentum',
        learningRate: 0.01,
        batchSize: 32,
        epochs: 3,
        seed: 7,
        limit: 1000,
        threads: 2,
      },
      dataFolder: '',
      runsFolder: 'runs',
    });
  });

  it("reads the Settings UI's empty choices as the recipe's, and hidden layers written as a list", () => {
    const result = readSettings(reader({ recipe: 'default', activation: '', optimizer: '', hiddenLayers: [64, 32] }));
    expect(result.ok && result.settings.overrides).toEqual({
      recipe: 'default',
      dataset: 'digits',
      hiddenLayers: [64, 32],
    });
  });

  it('names every wrong setting and what it should be', () => {
    const result = readSettings(
      reader({ recipe: 'fast', batchSize: 0, epochs: 2.5, seed: 'x', limit: -3, hiddenLayers: '64,', runsFolder: 4 }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.setting)).toEqual([
      'nn.recipe',
      'nn.batchSize',
      'nn.epochs',
      'nn.limit',
      'nn.hiddenLayers',
      'nn.seed',
      'nn.runsFolder',
    ]);
    expect(result.problems[0]?.message).toBe('must be one of seed, default, accuracy, got "fast"');
  });
});
