import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledMnistDir, IdxFormatError, readIdx, writeIdx, zlibInflater } from '../src/index';

function formatError(bytes: Uint8Array): IdxFormatError {
  try {
    readIdx(bytes);
  } catch (error) {
    if (error instanceof IdxFormatError) return error;
    throw error;
  }
  throw new Error('readIdx accepted the bytes');
}

const header = (...bytes: number[]) => Uint8Array.from(bytes);

/** A fixed seed, so every run tries the same cases; fast-check prints it and the shrunk input on a failure. */
const FUZZ_SEED = 20261203;

describe('readIdx rejects malformed input with IdxFormatError', () => {
  it.each([
    ['an empty input', header(), /truncated header/, 0],
    ['a wrong magic', header(1, 0, 8, 1, 0, 0, 0, 0), /wrong magic: expected 00 00, found 0x01 0x00/, 0],
    ['an unknown type code', header(0, 0, 7, 1, 0, 0, 0, 0), /unknown element type code 0x07/, 2],
    ['rank 0', header(0, 0, 8, 0), /rank 0/, 3],
    ['a header cut inside its dims', header(0, 0, 8, 2, 0, 0, 0, 1), /truncated header: rank 2 needs 12 bytes/, 8],
    [
      'data shorter than the dims',
      header(0, 0, 0x0c, 1, 0, 0, 0, 2, 1, 2, 3, 4),
      /truncated data.*need 8 bytes, 4/,
      12,
    ],
    ['trailing bytes', header(0, 0, 8, 1, 0, 0, 0, 1, 7, 9, 9), /2 trailing bytes/, 9],
  ])('%s', (_what, bytes, reason, offset) => {
    const error = formatError(bytes);
    expect(error.message).toMatch(reason);
    expect(error.offset).toBe(offset);
  });

  it('checks a huge declared size against the bytes present before allocating', () => {
    // 0xFFFFFFFF³ float64s: no allocation could hold that; the check must come first.
    const error = formatError(header(0, 0, 0x0e, 3, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255));
    expect(error.message).toMatch(/overflow/);
    expect(formatError(header(0, 0, 8, 1, 0x7f, 0xff, 0xff, 0xff, 1)).message).toMatch(/truncated data/);
  });

  it('refuses a gzip bomb without allocating past the size its header declares', () => {
    const bomb = new Uint8Array(16 * 1024 * 1024);
    bomb.set([0, 0, 8, 1, 0, 0, 0, 16]);
    const gz = gzipSync(bomb);
    expect(formatError(gz).message).toMatch(/trailing bytes: gzip inflates past the 24 bytes the header declares/);
    expect(() => readIdx(gz, { inflate: zlibInflater })).toThrow(/inflates past the 24 bytes/);
  });

  it('refuses a header that declares more than its gzip stream could hold, before allocating', () => {
    const gz = gzipSync(Uint8Array.from([0, 0, 0x0e, 2, 0, 0, 0, 0x10, 0, 0x10, 0, 0, 1, 2, 3]));
    expect(formatError(gz).message).toMatch(/declares 134217740 bytes, more than a \d+-byte gzip stream can hold/);
  });

  it('does not unwrap a gzip inside a gzip', () => {
    const twice = gzipSync(gzipSync(Buffer.from(writeIdx({ type: 'uint8', dims: [1], data: new Uint8Array(1) }))));
    expect(formatError(twice).message).toMatch(/wrong magic: expected 00 00, found 0x1f 0x8b/);
  });

  it('detects a gzip stream whose data was altered (CRC-32)', () => {
    const gz = new Uint8Array(gzipSync(Buffer.from(writeIdx({ type: 'uint8', dims: [4], data: new Uint8Array(4) }))));
    gz[gz.length - 8]! ^= 0xff;
    expect(formatError(gz).message).toMatch(/corrupt gzip stream/);
    expect(formatError(gz.subarray(0, 12)).message).toMatch(/corrupt gzip stream|too short/);
  });
});

describe('readIdx under fuzzing: only IdxFormatError ever escapes', () => {
  const labels = readFileSync(join(bundledMnistDir(import.meta.url)!, 't10k-labels-idx1-ubyte')).subarray(0, 200);
  // A small real file: the first 200 bytes of MNIST's test labels, with its header rewritten to match.
  const real = new Uint8Array(labels);
  real.set([0, 0, 0, 192], 4);
  const realGzip = new Uint8Array(gzipSync(real));

  const checkOnlyFormatErrors = (bytes: Uint8Array) => {
    try {
      readIdx(bytes);
    } catch (error) {
      if (!(error instanceof IdxFormatError)) throw error;
    }
  };

  it('accepts the unmutated seed files', () => {
    expect(readIdx(real).dims).toEqual([192]);
    expect(readIdx(realGzip).dims).toEqual([192]);
  });

  for (const [name, seed] of [
    ['a real IDX header', real],
    ['a real gzip IDX file', realGzip],
  ] as const) {
    it(`mutated bytes of ${name}`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
          fc.nat(seed.length),
          (mutations, cut) => {
            const bytes = seed.slice(0, Math.max(cut, 1));
            for (const [at, value] of mutations) if (at < bytes.length) bytes[at] = value;
            checkOnlyFormatErrors(bytes);
          },
        ),
        { numRuns: 2000, seed: FUZZ_SEED },
      );
    });
  }

  it('random headers with plausible magic and type bytes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0xff),
        fc.integer({ min: 0, max: 6 }),
        fc.uint8Array({ maxLength: 64 }),
        (type, rank, rest) => checkOnlyFormatErrors(Uint8Array.from([0, 0, type, rank, ...rest])),
      ),
      { numRuns: 2000, seed: FUZZ_SEED },
    );
  });

  it('random bytes, with and without a gzip magic in front', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 256 }), (gzipMagic, rest) =>
        checkOnlyFormatErrors(gzipMagic ? Uint8Array.from([0x1f, 0x8b, 8, 0, ...rest]) : rest),
      ),
      { numRuns: 2000, seed: FUZZ_SEED },
    );
  });
});
