import { decodeSafetensors, encodeSafetensors, loadCheckpoint, ModelFormatError, Network, save } from '@nn/mlp';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fuzzParser } from './support/fuzz-parser';
import { hostileCount, mutatedFiles } from './support/mutations';

const network = new Network({ layerSizes: [4, 3, 2], seed: 3 });
const adamState = {
  kind: 'adam' as const,
  step: 7,
  slots: { m: network.parameters().map((p) => p.map((_, i) => i / 10)), v: network.parameters() },
};
const validModels = [
  save(network),
  save(network, { epoch: 2, inputScale: 1 / 255, optimizerState: adamState, trainingConfig: { epochs: 3 } }),
  save(new Network({ layerSizes: [2, 1], outputActivation: 'sigmoid', seed: 1 }), { epoch: 0 }),
];
const { tensors, metadata } = decodeSafetensors(validModels[1]!);

/** Strings a hostile file might put where names and numbers belong. */
const hostileText = fc.oneof(
  fc.constantFrom('constructor', 'toString', '__proto__', 'relu', 'softmax', 'NaN', '-1', '0', 'Infinity', '1e308', ''),
  fc.string({ maxLength: 12 }),
  fc.array(hostileCount, { maxLength: 5 }).map((sizes) => JSON.stringify(sizes)),
  fc
    .array(fc.constantFrom('relu', 'softmax', 'constructor', 'identity'), { maxLength: 4 })
    .map((a) => JSON.stringify(a)),
);

/** A valid file whose metadata has a few values replaced: the checks behind a well-formed header. */
const hostileMetadata = fc
  .dictionary(
    fc.constantFrom(
      'format',
      'layerSizes',
      'activations',
      'loss',
      'dropout',
      'initializer',
      'seed',
      'inputScale',
      'epoch',
      'optimizer',
      'optimizerStep',
      'trainingConfig',
    ),
    hostileText,
    { maxKeys: 3 },
  )
  .map((overrides) => encodeSafetensors([...tensors.entries()], { ...metadata, ...overrides }));

/** Headers written from scratch: shapes and offsets sized to exhaust memory if trusted, nesting, odd dtypes. */
const hostileHeader = fc
  .tuple(
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('layers.0.weight', 'layers.0.bias', '__proto__', 'constructor'),
        fc.string({ maxLength: 8 }),
      ),
      fc.record({
        dtype: fc.constantFrom('F32', 'F16', 'I64', 'f32'),
        shape: fc.array(hostileCount, { maxLength: 4 }),
        data_offsets: fc.array(hostileCount, { maxLength: 3 }),
      }),
      { maxKeys: 4 },
    ),
    fc.integer({ min: 0, max: 256 }),
    fc.nat({ max: 40 }),
  )
  .map(([entries, dataBytes, depth]) => {
    const json = `{"__metadata__":${JSON.stringify(metadata)},"x":${'['.repeat(depth)}${']'.repeat(depth) || '0'},${JSON.stringify(entries).slice(1)}`;
    const text = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + text.length + dataBytes);
    new DataView(out.buffer).setUint32(0, text.length, true);
    out.set(text, 8);
    return out;
  });

it('safetensors model files: hostile files give only ModelFormatError', () => {
  const report = fuzzParser({
    name: 'safetensors',
    inputs: fc.oneof(mutatedFiles(validModels), hostileMetadata, hostileHeader),
    parse: loadCheckpoint,
    allowed: [ModelFormatError],
    size: (bytes) => bytes.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
