import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, load, ModelFormatError, Network, save } from '../src/index';

/** A file with the given header object and `dataBytes` zero bytes of tensor data. */
function file(header: unknown, dataBytes = 0, headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setUint32(0, headerLength ?? json.length, true);
  out.set(json, 8);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

function expectFormatError(bytes: Uint8Array, message: RegExp): void {
  expect(() => decodeSafetensors(bytes)).toThrow(ModelFormatError);
  expect(() => decodeSafetensors(bytes)).toThrow(message);
}

describe('hostile or broken safetensors files give a ModelFormatError', () => {
  it('too short for the header length', () => expectFormatError(new Uint8Array(5), /too short/));

  it('a header length past the end of the file, including a 2^53-ish one', () => {
    expectFormatError(file({}, 0, 1000), /runs past the end/);
    const huge = file({});
    new DataView(huge.buffer).setUint32(4, 0x001fffff, true);
    expectFormatError(huge, /runs past the end/);
  });

  it('a header that is not JSON, or not an object', () => {
    expectFormatError(file('{"a": '), /not valid JSON/);
    expectFormatError(file('[1, 2]'), /must be a JSON object/);
  });

  it('a dtype other than F32', () => {
    expectFormatError(file({ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, 4), /dtype "F16"; only F32/);
  });

  it('offsets out of range, reversed, overlapping, or leaving holes', () => {
    expectFormatError(file({ w: f32([2], 0, 8) }, 4), /outside the 4 data bytes/);
    expectFormatError(file({ w: f32([0], 8, 4) }, 8), /outside/);
    expectFormatError(file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12), /overlaps/);
    expectFormatError(file({ a: f32([1], 4, 8) }, 8), /belong to no tensor/);
    expectFormatError(file({ a: f32([1], 0, 4) }, 8), /belong to no tensor/);
  });

  it('a shape that does not match its bytes, without allocating for the claimed shape', () => {
    expectFormatError(file({ w: f32([1e9, 1e9], 0, 4) }, 4), /values\) but 4 bytes/);
    expectFormatError(file({ w: f32([-1], 0, 4) }, 4), /non-negative integers/);
  });

  it('metadata values that are not strings', () => {
    expectFormatError(file({ __metadata__: { epoch: 3 } }), /__metadata__.epoch must be a string/);
  });

  it('a valid file whose shapes do not match the architecture in its metadata', () => {
    const bytes = save(new Network({ layerSizes: [3, 2, 2], seed: 1 }));
    const { tensors, metadata } = decodeSafetensors(bytes);
    const entries = [...tensors.entries()];
    entries[0]![1] = { shape: [2, 2], data: new Float32Array(4) };
    expect(() => load(encodeSafetensors(entries, metadata))).toThrow(
      /"layers.0.weight" has shape \[2, 2\]; the architecture needs \[2, 3\]/,
    );
    expect(() => load(encodeSafetensors(entries.slice(1), metadata))).toThrow(/"layers.0.weight" is missing/);
  });

  it('metadata describing no valid network', () => {
    const bytes = save(new Network({ layerSizes: [3, 2, 2], seed: 1 }));
    const { tensors, metadata } = decodeSafetensors(bytes);
    const broken = encodeSafetensors([...tensors.entries()], { ...metadata, activations: '["relu","nope"]' });
    expect(() => load(broken)).toThrow(ModelFormatError);
    expect(() => load(broken)).toThrow(/unknown activation "nope"/);
    expect(() => load(encodeSafetensors([], {}))).toThrow(/format is undefined/);
  });

  it('writes a header padded to 8 bytes that other readers accept: offsets from the end of the header', () => {
    const bytes = save(new Network({ layerSizes: [3, 2, 2], seed: 1 }));
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['layers.0.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['layers.0.bias']).toEqual({ dtype: 'F32', shape: [2], data_offsets: [24, 32] });
  });
});
