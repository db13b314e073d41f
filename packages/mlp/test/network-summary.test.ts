import { describe, expect, it } from 'vitest';
import { Network } from '../src/index';

describe('network.summary()', () => {
  it('lists each layer with its shapes, activation and parameter count, then the total', () => {
    const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1, dropout: 0.2 });
    const printed: string[] = [];
    const text = network.summary((line) => printed.push(line));
    expect(printed).toEqual([text]);
    expect(text.split('\n')).toEqual([
      'Network 784→128→64→10, loss crossEntropy, dropout 0.2',
      'layer  weights  bias  activation  parameters',
      '0      128×784  128   relu           100 480',
      '1      64×128   64    relu             8 256',
      '2      10×64    10    softmax            650',
      'total                                109 386',
    ]);
  });

  it('returns the text without printing when print is null', () => {
    const network = new Network({ layerSizes: [2, 1], activations: ['identity'], seed: 1 });
    expect(network.summary(null)).toContain('0      1×2      1     identity             3');
  });
});
