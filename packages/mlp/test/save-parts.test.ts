import { describe, expect, it } from 'vitest';
import { encodeSafetensors, encodeSafetensorsParts, fit, loadCheckpoint, Network, save, saveParts } from '../src/index';
import { littleEndianBytes, littleEndianFloats, PLATFORM_IS_LITTLE_ENDIAN } from '../src/io/little-endian';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let position = 0;
  for (const part of parts) {
    out.set(part, position);
    position += part.byteLength;
  }
  return out;
}

async function trainedWithAdam() {
  const network = new Network({ layerSizes: [6, 5, 3], seed: 3 });
  const data = {
    inputs: Float32Array.from({ length: 48 }, (_, i) => Math.cos(i)),
    labels: Uint8Array.from({ length: 8 }, (_, i) => i % 3),
  };
  const { optimizerState } = await fit(network, data, {
    epochs: 1,
    batchSize: 4,
    optimizer: { type: 'adam', learningRate: 0.01 },
  });
  return { network, optimizerState };
}

describe('saveParts', () => {
  it('gives, concatenated, exactly the bytes of save for a network with Adam state', async () => {
    const { network, optimizerState } = await trainedWithAdam();
    const options = { epoch: 1, optimizerState, inputScale: 1 / 255, trainingConfig: { batchSize: 4 } };
    const parts = saveParts(network, options);
    // The header, then weight and bias of 2 layers, then Adam's m and v for each of those 4 parameters.
    expect(parts).toHaveLength(1 + 4 + 8);
    const bytes = concat(parts);
    expect(bytes).toEqual(save(network, options));
    const checkpoint = loadCheckpoint(bytes);
    expect(checkpoint.network.layers[1]!.weights.data).toEqual(network.layers[1]!.weights.data);
    expect(checkpoint.optimizerState?.slots.v).toEqual(optimizerState.slots.v);
  });

  it.runIf(PLATFORM_IS_LITTLE_ENDIAN)(
    "views the network's and the optimiser state's arrays instead of copying them",
    async () => {
      const { network, optimizerState } = await trainedWithAdam();
      const parts = saveParts(network, { optimizerState });
      const weights = network.layers[0]!.weights.data;
      expect(parts[1]!.buffer).toBe(weights.buffer);
      expect(parts[1]!.byteOffset).toBe(weights.byteOffset);
      expect(parts[1]!.byteLength).toBe(weights.byteLength);
      // Layer 0's Adam m comes right after the 4 parameters.
      expect(parts[5]!.buffer).toBe(optimizerState.slots.m![0]!.buffer);
      weights[0] = 42;
      expect(new DataView(parts[1]!.buffer, parts[1]!.byteOffset).getFloat32(0, true)).toBe(42);
    },
  );
});

describe('encodeSafetensorsParts', () => {
  it('lays out the header and little-endian tensors as safetensors does, honouring a subarray', () => {
    const backing = Float32Array.of(9, 1.5, -2, 9);
    const parts = encodeSafetensorsParts([['x', { shape: [2], data: backing.subarray(1, 3) }]], {});
    const json = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = json + ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
    expect(parts).toHaveLength(2);
    expect([...parts[0]!.subarray(0, 8)]).toEqual([padded.length, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(parts[0]!.subarray(8))).toBe(padded);
    // 1.5 is 0x3fc00000 and -2 is 0xc0000000, least significant byte first.
    expect([...parts[1]!]).toEqual([0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);
    expect(concat(parts)).toEqual(encodeSafetensors([['x', { shape: [2], data: backing.subarray(1, 3) }]], {}));
  });
});

describe('littleEndianBytes', () => {
  it('on a big-endian platform, copies the values into little-endian bytes', () => {
    const data = Float32Array.of(1.5, -2, 0.1);
    const bytes = littleEndianBytes(data, false);
    expect(bytes.buffer).not.toBe(data.buffer);
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]);
    expect(new DataView(bytes.buffer).getFloat32(8, true)).toBe(data[2]);
  });

  it('on a little-endian platform, is a view of the same memory', () => {
    const data = Float32Array.of(1.5, -2, 0.1).subarray(1);
    const bytes = littleEndianBytes(data, true);
    expect(bytes.buffer).toBe(data.buffer);
    expect(bytes.byteOffset).toBe(4);
    expect(bytes.byteLength).toBe(8);
  });
});

describe('littleEndianFloats', () => {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setFloat32(4, 1.5, true);
  new DataView(bytes.buffer).setFloat32(8, -2, true);

  it('on a little-endian platform, views aligned floats in place: a change to the bytes shows', () => {
    const floats = littleEndianFloats(bytes, 4, 2, true);
    expect([...floats]).toEqual([1.5, -2]);
    expect(floats.buffer).toBe(bytes.buffer);
    bytes[7] = 0x40; // the top byte of 1.5 (0x3fc00000) made 0x40: 6
    const changed = floats[0];
    bytes[7] = 0x3f;
    expect(changed).toBe(6);
  });

  it('copies floats that are not 4-byte aligned, or when the platform is big-endian', () => {
    const shifted = new Uint8Array(17);
    shifted.set(bytes, 1);
    const unaligned = littleEndianFloats(shifted, 5, 2, true);
    expect([...unaligned]).toEqual([1.5, -2]);
    expect(unaligned.buffer).not.toBe(shifted.buffer);
    const converted = littleEndianFloats(bytes, 4, 2, false);
    expect([...converted]).toEqual([1.5, -2]);
    expect(converted.buffer).not.toBe(bytes.buffer);
  });

  it("lets loadCheckpoint read a saved optimiser state without a copy of the file's floats", async () => {
    const { network, optimizerState } = await trainedWithAdam();
    const file = save(network, { optimizerState });
    const state = loadCheckpoint(file).optimizerState!;
    expect(state.slots.m![0]!.buffer).toBe(PLATFORM_IS_LITTLE_ENDIAN ? file.buffer : state.slots.m![0]!.buffer);
    expect(state.slots.m!.map((a) => [...a])).toEqual(optimizerState.slots.m!.map((a) => [...a]));
  });
});
