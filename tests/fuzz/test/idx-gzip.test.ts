import { gzipSync } from 'node:zlib';
import { IdxFormatError, readIdx, writeIdx, zlibInflater } from '@nn/mnist';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fuzzParser } from './support/fuzz-parser';
import { concat, mutatedFiles } from './support/mutations';
import { validIdxFiles } from './support/valid-idx-files';

const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));

/** Declares 10 bytes of data, holds 8 MB: the inflater must stop near the declared size, not at the end. */
const bomb = gzip(concat([writeIdx({ type: 'uint8', dims: [10], data: new Uint8Array(10) }), new Uint8Array(8 << 20)]));

const inputs = fc.oneof(
  // Valid gzip streams of damaged IDX files: the header checks behind the inflater.
  mutatedFiles(validIdxFiles).map(gzip),
  // Damaged gzip streams (headers, deflate data, trailers), including the bomb.
  mutatedFiles([...validIdxFiles.map(gzip), bomb]),
);

for (const [inflater, inflate] of [
  ['fflate', undefined],
  ['zlib', zlibInflater],
] as const) {
  it(`gzip IDX through ${inflater}: hostile streams give only IdxFormatError`, () => {
    const report = fuzzParser({
      name: `idx-gzip-${inflater}`,
      inputs,
      parse: (bytes) => readIdx(bytes, { source: 'fuzz.idx.gz', ...(inflate ? { inflate } : {}) }),
      allowed: [IdxFormatError],
      size: (bytes) => bytes.length,
    });
    expect(report.refused).toBeGreaterThan(report.cases / 10);
    expect(report.accepted).toBeGreaterThan(0);
  });
}
