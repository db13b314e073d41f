import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MAX_IDX_FILE_BYTES, readRegularFile, UnreadableFileError } from '../data/read-regular-file';
import { InflateLimitError } from './bounded-inflate';
import type { Inflater } from './gzip';
import { IdxFormatError } from './idx-format-error';
import type { IdxArray } from './idx-types';
import { readIdx } from './read-idx';
import { type WriteIdxOptions, writeIdx } from './write-idx';

/** Node's native zlib: about twice as fast as fflate on the 26 MB training images, and it checks the CRC itself. */
export const zlibInflater: Inflater = (bytes, limit) => {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, limit) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InflateLimitError(`gzip stream inflates to more than ${limit} bytes`);
    }
    throw error;
  }
};

/**
 * Reads an IDX file, gzip or not; errors name the file. Not a regular file, or over 1 GiB: `IdxFormatError`.
 * With `shared`, the data ends up in a SharedArrayBuffer: read there directly (plain files, whose 8-bit data is
 * a view of the bytes read), or copied there once inflated (gzip).
 */
export async function readIdxFile(path: string, shared = false): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(path, MAX_IDX_FILE_BYTES, shared);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new IdxFormatError(error.reason, 0, path);
    throw error;
  }
  const array = readIdx(bytes, { source: path, inflate: zlibInflater });
  if (!shared || array.data.buffer instanceof SharedArrayBuffer) return array;
  return { ...array, data: sharedCopy(array.data) } as IdxArray;
}

/** A copy of `data` of the same type in a SharedArrayBuffer. */
function sharedCopy<T extends IdxArray['data']>(data: T): T {
  const Type = data.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(data.byteLength));
  (copy as Uint8Array).set(data as Uint8Array);
  return copy;
}

/** Writes an IDX file atomically. `gzip` defaults to true when the name ends in `.gz`. */
export async function writeIdxFile(path: string, array: IdxArray, options: WriteIdxOptions = {}): Promise<void> {
  await writeFileAtomic(path, writeIdx(array, { gzip: options.gzip ?? path.endsWith('.gz') }));
}

/**
 * Writes to a temporary file beside the target and renames it over the target: readers see the old file or the
 * whole new one, and a crash leaves at most a stray `.tmp-*` file, never a half-written file under the real name.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, bytes, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
