import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** A path that is not a regular file (a folder, /dev/zero, a pipe) or is larger than the reader accepts. */
export class UnreadableFileError extends Error {
  override name = 'UnreadableFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** The most an IDX file may hold: the largest real one (Fashion-MNIST's training images) is 47 MB. */
export const MAX_IDX_FILE_BYTES = 1024 ** 3;

function check(path: string, stats: { isFile(): boolean; size: number }, maxBytes: number): number {
  // Devices and pipes report size 0 yet never end; only a regular file has a size that bounds the read.
  if (!stats.isFile()) throw new UnreadableFileError(path, 'not a regular file');
  if (stats.size > maxBytes) {
    throw new UnreadableFileError(path, `${stats.size} bytes is larger than the ${maxBytes} bytes read at most`);
  }
  return stats.size;
}

/** Reads a whole regular file of at most `maxBytes`, checking the type and size of the open file before reading. */
export function readRegularFileSync(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(check(path, fstatSync(fd), maxBytes));
    let at = 0;
    while (at < bytes.length) {
      const read = readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) break;
      at += read;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/**
 * `readRegularFileSync` without blocking the event loop. With `shared`, the bytes are read into a
 * SharedArrayBuffer, which worker threads can read in place (no second copy of a 47 MB file).
 */
export async function readRegularFile(path: string, maxBytes: number, shared = false): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const size = check(path, await handle.stat(), maxBytes);
    const bytes = new Uint8Array(shared ? new SharedArrayBuffer(size) : new ArrayBuffer(size));
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}
