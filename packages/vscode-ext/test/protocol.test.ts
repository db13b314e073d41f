import { describe, expect, it } from 'vitest';
import { describeMessage, parseHostMessage, parseWebviewMessage } from '../src/protocol';

const update = {
  type: 'update',
  seq: 4,
  run: { id: 'r1', layerSizes: [784, 16, 10], epochs: 2, batchesPerEpoch: 3, settings: [['recipe', 'default']] },
  status: 'running',
  batches: [{ step: 1, epoch: 1, batch: 1, loss: 2.3, smoothedLoss: 2.3, samplesPerSecond: 900 }],
  epochs: [{ epoch: 1, loss: 0.4, trainAccuracy: 0.9, testAccuracy: 0.91, testLoss: 0.38, learningRate: 0.001 }],
  weights: {
    epoch: 1,
    batch: 3,
    layers: [{ rows: 4, cols: 3, units: [0, 2], inputs: [0, 1, 2], weights: new Float32Array(6) }],
  },
};
const layer = (fields: Record<string, unknown>) => ({
  ...update,
  weights: { ...update.weights, layers: [{ ...update.weights.layers[0], ...fields }] },
});

describe('parseHostMessage', () => {
  it('accepts a well-formed update and view message', () => {
    expect(parseHostMessage(update)).toBe(update);
    expect(parseHostMessage({ type: 'view', view: 'weights' })).toEqual({ type: 'view', view: 'weights' });
  });

  it('accepts an update with a confusion matrix and the digits of a cell; refuses malformed ones', () => {
    const confusion = {
      epoch: 2,
      counts: [
        [3, 1],
        [0, 4],
      ],
    };
    expect(parseHostMessage({ ...update, confusion })).toBeDefined();
    expect(parseHostMessage({ ...update, confusion: { epoch: 2, counts: [[3, 1], [0]] } })).toBeUndefined();
    expect(
      parseHostMessage({
        ...update,
        confusion: {
          epoch: 2,
          counts: [
            [3, -1],
            [0, 4],
          ],
        },
      }),
    ).toBeUndefined();
    const cell = { runId: 'r1', epoch: 2, actual: 1, predicted: 0 };
    const digits = { type: 'cellDigits', ...cell, samples: [{ index: 7, probability: 0.9 }], size: 2 };
    expect(parseHostMessage({ ...digits, pixels: new Uint8Array(4) })).toBeDefined();
    expect(parseHostMessage({ ...digits, pixels: new Uint8Array(3) })).toBeUndefined();
    expect(parseHostMessage({ ...digits, pixels: [0, 0, 0, 0] })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'cellDigits', ...cell, extra: 1 })).toEqual({ type: 'cellDigits', ...cell });
    expect(parseWebviewMessage({ type: 'cellDigits', ...cell, runId: 4 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'cellDigits', ...cell, actual: -1 })).toBeUndefined();
  });

  it('keeps a diverged (NaN) loss: that is data, not a broken message', () => {
    const diverged = { ...update, batches: [{ ...update.batches[0], loss: Number.NaN, smoothedLoss: Number.NaN }] };
    expect(parseHostMessage(diverged)).toBe(diverged);
  });

  it.each([
    ['no type', { batches: [], epochs: [] }],
    ['an unknown type', { type: 'explode' }],
    ['an unknown view', { type: 'view', view: 'confusion' }],
    ['a bad status', { ...update, status: 'exploded' }],
    ['no seq', { ...update, seq: undefined }],
    ['weights of the wrong length', layer({ weights: new Float32Array(5) })],
    ['weights as a plain array', layer({ weights: [0, 0, 0, 0, 0, 0] })],
    ['a sampled unit outside the layer', layer({ units: [0, 4] })],
    ['a sampled input outside the layer', layer({ inputs: [0, 1, 3] })],
    ['a batch without a loss', { ...update, batches: [{ step: 1, epoch: 1 }] }],
    ['a fractional epoch count', { ...update, run: { ...update.run, epochs: 1.5 } }],
    ['a settings row that is not a name and a value', { ...update, run: { ...update.run, settings: [['recipe']] } }],
    ['a string', 'update'],
    ['null', null],
  ])('rejects %s', (_, message) => {
    expect(parseHostMessage(message)).toBeUndefined();
  });
});

describe('parseWebviewMessage', () => {
  it('accepts ready, error, drawn, resume and train, and nothing else', () => {
    expect(parseWebviewMessage({ type: 'ready', extra: 1 })).toEqual({ type: 'ready' });
    expect(parseWebviewMessage({ type: 'error', message: 'boom' })).toEqual({ type: 'error', message: 'boom' });
    expect(parseWebviewMessage({ type: 'error', message: 3 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'train' })).toEqual({ type: 'train' });
    expect(parseWebviewMessage({ type: 'delete', path: '/' })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'drawn', seq: 3 })).toEqual({ type: 'drawn', seq: 3 });
    expect(parseWebviewMessage({ type: 'drawn', seq: -1 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'resume', runId: 'r1', path: '/etc' })).toEqual({ type: 'resume', runId: 'r1' });
  });

  it('accepts a page of tile units: at most 64 unit indices, nothing else', () => {
    expect(parseWebviewMessage({ type: 'tileUnits', units: [99, 3], path: '/' })).toEqual({
      type: 'tileUnits',
      units: [99, 3],
    });
    expect(parseWebviewMessage({ type: 'tileUnits', units: [] })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'tileUnits', units: [1.5] })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'tileUnits', units: [-1] })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'tileUnits', units: Array.from({ length: 65 }, (_, u) => u) })).toBeUndefined();
  });

  it('describes a rejected message by its type and fields only', () => {
    expect(describeMessage({ type: 'x', b: 1, a: new Float32Array(1e6) })).toBe('type "x" with fields a, b, type');
    expect(describeMessage(42)).toBe('number');
  });
});
