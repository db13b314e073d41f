import { IdxFormatError, readIdx } from '@nn/mnist';
import { expect, it } from 'vitest';
import { fuzzParser } from './support/fuzz-parser';
import { mutatedFiles } from './support/mutations';
import { validIdxFiles } from './support/valid-idx-files';

it('plain IDX: hostile files give only IdxFormatError', () => {
  const report = fuzzParser({
    name: 'idx',
    inputs: mutatedFiles(validIdxFiles),
    parse: (bytes) => readIdx(bytes, { source: 'fuzz.idx' }),
    allowed: [IdxFormatError],
    size: (bytes) => bytes.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
