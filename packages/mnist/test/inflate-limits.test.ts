import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InflateLimitError, inflateWithin } from '../src/idx/bounded-inflate';
import { fflateInflater } from '../src/idx/gzip';
import { IdxFormatError, readIdx, writeIdx } from '../src/index';

/** 64 MB of zeros gzipped to about 64 KB: far more output than any header that small could declare. */
const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024)));

describe('inflating stops at the limit instead of running a bomb to its end', () => {
  it('reads only the start of the stream before refusing', () => {
    let kept = 0;
    let refusal: unknown;
    try {
      inflateWithin('gzip', [bomb], 1000, (chunk) => {
        kept += chunk.length;
      });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InflateLimitError);
    const read = Number(/after reading (\d+) of/.exec((refusal as Error).message)![1]);
    expect(read).toBeLessThan(bomb.length / 10);
    expect(kept).toBeLessThanOrEqual(1000);
  });

  it('the pure-JavaScript inflater refuses a stream past its limit and returns honest ones whole', () => {
    expect(() => fflateInflater(bomb, 1 << 20)).toThrow(/more than 1048576 bytes \(stopped after reading/);
    const data = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(fflateInflater(new Uint8Array(gzipSync(data)), data.length)).toEqual(data);
  });

  it('a gzip IDX whose stream runs past its header is an IdxFormatError', () => {
    const idx = writeIdx({ type: 'uint8', dims: [3], data: new Uint8Array([1, 2, 3]) });
    const padded = new Uint8Array(idx.length + 5_000_000);
    padded.set(idx);
    const bytes = new Uint8Array(gzipSync(padded));
    expect(() => readIdx(bytes)).toThrow(IdxFormatError);
    expect(() => readIdx(bytes)).toThrow(/gzip inflates past the 11 bytes/);
  });
});
