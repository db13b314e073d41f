import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, readIdxFile, readRegularFile, readRegularFileSync, UnreadableFileError } from '../src/index';

describe('files are checked for type and size before they are read', () => {
  it('/dev/zero as an IDX file is refused at once, naming the file', async () => {
    const refusal = readIdxFile('/dev/zero');
    await expect(refusal).rejects.toThrow(IdxFormatError);
    await expect(readIdxFile('/dev/zero')).rejects.toThrow(/\/dev\/zero: not a regular file/);
  });

  it('an IDX file over 2 GiB is refused by its size before a byte is read', async () => {
    // Sparse: the 2 GiB cost no disk, and reading them would take seconds and gigabytes.
    const path = join(mkdtempSync(join(tmpdir(), 'nn-read-')), 'huge-idx');
    writeFileSync(path, new Uint8Array([0, 0, 8, 1]));
    truncateSync(path, 2 ** 31 + 8);
    await expect(readIdxFile(path)).rejects.toThrow(IdxFormatError);
    await expect(readIdxFile(path)).rejects.toThrow(
      /2147483656 bytes is larger than the 1073741824 bytes read at most/,
    );
  });

  it('a folder or device is not a regular file, sync or async', async () => {
    expect(() => readRegularFileSync('/dev/zero', 100)).toThrow(UnreadableFileError);
    await expect(readRegularFile(tmpdir(), 100)).rejects.toThrow(/not a regular file/);
  });

  it('a file over the limit is refused by its size, and one within it is read whole', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nn-read-')), 'ten-bytes');
    writeFileSync(path, new Uint8Array(10).fill(7));
    expect(() => readRegularFileSync(path, 9)).toThrow(/10 bytes is larger than the 9 bytes read at most/);
    expect(readRegularFileSync(path, 10)).toEqual(new Uint8Array(10).fill(7));
    expect(await readRegularFile(path, 10)).toEqual(new Uint8Array(10).fill(7));
  });
});
