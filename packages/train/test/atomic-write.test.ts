import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/run/atomic-write';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nn-atomic-write-'));
}

/** A part whose size cannot be read: the write fails after the parts before it reached the temp file. */
function failingPart(): Uint8Array {
  return Object.defineProperty(new Uint8Array(4), 'byteLength', {
    get() {
      throw new Error('simulated failure while writing a part');
    },
  });
}

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'model.safetensors');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    writeFileAtomic(path, new Uint8Array([4, 5]));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
  });

  it('leaves the old file in place when the write fails', () => {
    const dir = tempDir();
    const path = join(dir, 'model.safetensors');
    writeFileAtomic(path, 'old');
    expect(() => writeFileAtomic(join(dir, 'missing-folder', 'x'), 'new')).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
  });

  it('writes a list of parts in order as one file, views with an offset and empty parts included', () => {
    const dir = tempDir();
    const path = join(dir, 'model.safetensors');
    writeFileAtomic(path, 'old');
    const backing = Uint8Array.from({ length: 300_000 }, (_, i) => i % 251);
    const parts = [new Uint8Array([7, 8]), new Uint8Array(0), backing.subarray(1000, 250_000), new Uint8Array([9])];
    writeFileAtomic(path, parts);
    // Buffer.concat is Node's own joining, independent of ours.
    expect(readFileSync(path).equals(Buffer.concat(parts))).toBe(true);
    expect(readFileSync(path).byteLength).toBe(2 + 249_000 + 1);
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
  });

  it('leaves the old file intact and no temp file when a part fails midway', () => {
    const dir = tempDir();
    const path = join(dir, 'resume.safetensors');
    writeFileAtomic(path, 'old');
    expect(() => writeFileAtomic(path, [new Uint8Array(64).fill(1), failingPart()])).toThrow(
      'simulated failure while writing a part',
    );
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['resume.safetensors']);
  });

  it('leaves no temp file when the final rename fails, and the target as it was', () => {
    const dir = tempDir();
    // A file cannot be renamed over a folder that holds something, so the rename itself throws.
    const target = join(dir, 'model.safetensors');
    mkdirSync(target);
    writeFileSync(join(target, 'kept'), 'kept');
    expect(() => writeFileAtomic(target, [new Uint8Array([1, 2, 3])])).toThrow();
    expect(readdirSync(dir)).toEqual(['model.safetensors']);
    expect(readFileSync(join(target, 'kept'), 'utf8')).toBe('kept');
  });
});
