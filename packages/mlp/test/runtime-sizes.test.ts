import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { ConfigError, Network } from '../src/index';

describe('layer sizes known only at run time', () => {
  it('build a network checked at construction, narrowed by withSizes', () => {
    const sizes: number[] = JSON.parse('[3, 5, 2]');
    const network = new Network({ layerSizes: sizes, seed: 1 });
    expect(network.predict(Matrix.zeros(3, 4)).rows).toBe(2);
    expect(network.withSizes(3, 2).layerSizes).toEqual([3, 5, 2]);
    expect(() => network.withSizes(3, 3)).toThrow('withSizes: network is 3→2, expected 3→3');
  });

  it('are refused with a ConfigError when too few or not positive integers', () => {
    const sizes = (text: string): number[] => JSON.parse(text);
    expect(() => new Network({ layerSizes: sizes('[784]') })).toThrow(
      new ConfigError('layerSizes needs at least 2 sizes, got [784]'),
    );
    expect(() => new Network({ layerSizes: sizes('[784, 0, 10]') })).toThrow(
      'layerSizes[1] must be a positive integer, got 0',
    );
  });
});
