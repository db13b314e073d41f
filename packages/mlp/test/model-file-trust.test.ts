import { describe, expect, it } from 'vitest';
import {
  activationByName,
  ConfigError,
  decodeSafetensors,
  encodeSafetensors,
  load,
  loadCheckpoint,
  lossByName,
  ModelFormatError,
  Network,
  save,
} from '../src/index';

/** A valid 3→2→2 model file's tensors and metadata, to be broken one way at a time. */
function parts() {
  const { tensors, metadata } = decodeSafetensors(save(new Network({ layerSizes: [3, 2, 2], seed: 1 })));
  return { entries: [...tensors.entries()], metadata };
}

function expectModelError(bytes: Uint8Array, message: RegExp): void {
  expect(() => loadCheckpoint(bytes)).toThrow(ModelFormatError);
  expect(() => loadCheckpoint(bytes)).toThrow(message);
}

describe('declared layer sizes are checked against the tensors before anything is allocated', () => {
  it('a header declaring huge layers and holding no tensors names the missing tensor, not an allocation', () => {
    // 2^40 weights: building the network first would fail on the allocation (or exhaust memory) instead.
    const metadata = { ...parts().metadata, layerSizes: JSON.stringify([2 ** 20, 2 ** 20, 2]) };
    expectModelError(encodeSafetensors([], metadata), /layers.0.weight" is missing; layerSizes declares \[1048576/);
  });

  it('a tensor smaller than its declared layer is refused by shape', () => {
    const { entries, metadata } = parts();
    const bytes = encodeSafetensors(entries, { ...metadata, layerSizes: '[3, 4096, 2]' });
    expectModelError(bytes, /"layers.0.weight" has shape \[2, 3\]; the architecture needs \[4096, 3\]/);
  });

  it('layer sizes that are not positive whole numbers', () => {
    const { entries, metadata } = parts();
    expectModelError(encodeSafetensors(entries, { ...metadata, layerSizes: '[3, 1.5, 2]' }), /layerSizes/);
    expectModelError(encodeSafetensors(entries, { ...metadata, layerSizes: '{"length": 3}' }), /layerSizes/);
    expectModelError(encodeSafetensors(entries, { ...metadata, layerSizes: '[3]' }), /layerSizes/);
  });
});

describe('names in a model file are looked up as own properties only', () => {
  it('activationByName and lossByName refuse inherited names', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => activationByName(name)).toThrow(ConfigError);
      expect(() => lossByName(name)).toThrow(ConfigError);
    }
  });

  it('a model file naming "constructor" as an activation or "toString" as its loss fails at load', () => {
    const { entries, metadata } = parts();
    const activation = encodeSafetensors(entries, { ...metadata, activations: '["constructor","softmax"]' });
    expectModelError(activation, /unknown activation "constructor"/);
    expectModelError(encodeSafetensors(entries, { ...metadata, loss: 'toString' }), /unknown loss "toString"/);
  });
});

describe('non-finite values are refused at load', () => {
  it('a NaN or infinite weight names the tensor and the index', () => {
    const { entries, metadata } = parts();
    const data = Float32Array.from(entries[0]![1].data);
    data[4] = Number.NaN;
    const withNaN = entries.map(([n, t], k): [string, typeof t] => [n, k === 0 ? { ...t, data } : t]);
    expectModelError(encodeSafetensors(withNaN, metadata), /"layers.0.weight" holds NaN at index 4/);
    const bias = Float32Array.from(entries[3]![1].data);
    bias[1] = Number.NEGATIVE_INFINITY;
    const withInf = entries.map(([n, t], k): [string, typeof t] => [n, k === 3 ? { ...t, data: bias } : t]);
    expectModelError(encodeSafetensors(withInf, metadata), /"layers.1.bias" holds -Infinity at index 1/);
  });

  it('a non-finite optimiser state is refused too', () => {
    const network = new Network({ layerSizes: [3, 2, 2], seed: 1 });
    const m = network.parameters().map((p) => new Float32Array(p.length));
    m[2]![0] = Number.POSITIVE_INFINITY;
    const bytes = save(network, { optimizerState: { kind: 'sgd', step: 1, slots: { velocity: m } } });
    expectModelError(bytes, /"optimizer.velocity.layers.1.weight" holds Infinity at index 0/);
  });

  it('an inputScale that is not a positive finite number', () => {
    const { entries, metadata } = parts();
    for (const scale of ['NaN', '-1', '0', 'Infinity', '', 'abc']) {
      expectModelError(encodeSafetensors(entries, { ...metadata, inputScale: scale }), /inputScale/);
    }
    expect(loadCheckpoint(encodeSafetensors(entries, { ...metadata, inputScale: '0.5' })).inputScale).toBe(0.5);
  });

  it('a valid file still loads with the same weights', () => {
    const network = new Network({ layerSizes: [3, 2, 2], seed: 7 });
    expect(load(save(network)).parameters()).toEqual(network.parameters());
  });
});

describe('a header nested deeper than any safetensors header is refused before JSON parsing', () => {
  it('names the byte offset of the first bracket too deep', () => {
    const json = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const text = new TextEncoder().encode(json);
    const bytes = new Uint8Array(8 + text.length);
    new DataView(bytes.buffer).setUint32(0, text.length, true);
    bytes.set(text, 8);
    expect(() => decodeSafetensors(bytes)).toThrow(ModelFormatError);
    expect(() => decodeSafetensors(bytes)).toThrow(/nested deeper than 3 levels at byte 15/);
  });

  it('brackets inside strings do not count', () => {
    const { entries, metadata } = parts();
    const bytes = encodeSafetensors(entries, { ...metadata, note: '[[[[[[{{{{{' });
    expect(decodeSafetensors(bytes).metadata.note).toBe('[[[[[[{{{{{');
  });
});
