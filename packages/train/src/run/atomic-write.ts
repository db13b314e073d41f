import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `bytes` so that a reader (or a crash, or a second Ctrl-C) sees either the old file or
 * the new one, never half of one: write a temp file in the same folder, fsync it, then rename over the target.
 * `bytes` may be a list of parts written one after another (as `saveParts` gives), so a large file need not be
 * gathered into one buffer first. Synchronous on purpose: a stop request must not interleave with a half-done
 * checkpoint, and parts that view live weights must be written before training changes them.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | readonly Uint8Array[] | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const parts =
    typeof bytes === 'string' ? [Buffer.from(bytes, 'utf8')] : bytes instanceof Uint8Array ? [bytes] : bytes;
  const fd = openSync(temp, 'w');
  try {
    try {
      for (const part of parts) {
        let written = 0;
        while (written < part.byteLength) written += writeSync(fd, part, written, part.byteLength - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    // The target is untouched until the rename; whatever failed, no half-written temp file stays behind.
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** Makes the rename itself durable; some platforms (Windows) cannot open a folder, which is harmless to skip. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here; the rename is still atomic, only its durability on power loss is weaker.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
