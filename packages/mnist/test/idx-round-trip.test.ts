import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IdxArray, IdxFormatError, readIdx, readIdxFile, writeIdx, writeIdxFile } from '../src/index';

/** One array per element type, with values at the edges of each type's range. */
const samples: IdxArray[] = [
  { type: 'uint8', dims: [2, 3], data: Uint8Array.from([0, 1, 127, 128, 254, 255]) },
  { type: 'int8', dims: [3, 2], data: Int8Array.from([-128, -1, 0, 1, 100, 127]) },
  { type: 'int16', dims: [2, 2, 1], data: Int16Array.from([-32768, -1, 258, 32767]) },
  { type: 'int32', dims: [4], data: Int32Array.from([-2147483648, -1, 16909060, 2147483647]) },
  { type: 'float32', dims: [1, 5], data: Float32Array.from([-0, 1.5, -3.25e-20, Number.POSITIVE_INFINITY, 3.4e38]) },
  { type: 'float64', dims: [3], data: Float64Array.from([Math.PI, -Number.MIN_VALUE, Number.NaN]) },
];

describe('readIdx(writeIdx(x))', () => {
  for (const sample of samples) {
    for (const gzip of [false, true]) {
      it(`round-trips ${sample.type}${gzip ? ' through gzip' : ''}`, () => {
        const bytes = writeIdx(sample, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const back = readIdx(bytes);
        expect(back.type).toBe(sample.type);
        expect(back.dims).toEqual(sample.dims);
        expect(back.data.constructor).toBe(sample.data.constructor);
        expect(Array.from(back.data)).toEqual(Array.from(sample.data));
      });
    }
  }

  it('writes big-endian, as the format says', () => {
    const bytes = writeIdx({ type: 'int16', dims: [1], data: Int16Array.from([0x0102]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 1, 0, 0, 0, 1, 0x01, 0x02]);
  });

  it('returns 8-bit data as a view over the input, without copying', () => {
    const bytes = writeIdx(samples[0]!);
    const back = readIdx(bytes);
    expect(back.data.buffer).toBe(bytes.buffer);
  });

  it('refuses to write dims that do not match the data', () => {
    expect(() => writeIdx({ type: 'uint8', dims: [2, 2], data: new Uint8Array(3) })).toThrow(IdxFormatError);
    expect(() => writeIdx({ type: 'uint8', dims: [], data: new Uint8Array(1) })).toThrow(/rank 0/);
  });
});

describe('readIdxFile / writeIdxFile', () => {
  it('writes through a temporary file, gzip by the .gz name, and reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nn-idx-'));
    try {
      const path = join(dir, 'values-idx2-int32.gz');
      await writeIdxFile(path, samples[3]!);
      expect(await readdir(dir)).toEqual(['values-idx2-int32.gz']);
      expect((await readFile(path)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expect(Array.from((await readIdxFile(path)).data)).toEqual(Array.from(samples[3]!.data));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the file in format errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nn-idx-'));
    try {
      const path = join(dir, 'broken');
      await writeIdxFile(path, samples[0]!);
      const bytes = await readFile(path);
      await writeIdxFile(join(dir, 'ok'), samples[0]!);
      const { writeFile } = await import('node:fs/promises');
      await writeFile(path, bytes.subarray(0, bytes.length - 1));
      await expect(readIdxFile(path)).rejects.toThrow(`${path}: truncated data`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
