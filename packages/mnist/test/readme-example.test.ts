import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodePngRgba } from '../src/index';

const example = new URL('../examples/readme.mjs', import.meta.url).pathname;

describe('examples/readme.mjs runs as the README says (against the built package: pnpm build first)', () => {
  it('loads the training digits, writes the first as PNG and augments it the same way twice', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'nn-mnist-example-'));
    const { stdout } = await promisify(execFile)(process.execPath, [example], { cwd });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^60000 images of 28×28 from /);
    expect(lines[1]).toBe('wrote digit-0.png (label 5)');
    expect(lines[2]).toBe('wrote digit-0-epoch-1.png; drawn again: identical');
    const original = decodePngRgba(readFileSync(join(cwd, 'digit-0.png')));
    const moved = decodePngRgba(readFileSync(join(cwd, 'digit-0-epoch-1.png')));
    expect([original.width, original.height, moved.width, moved.height]).toEqual([28, 28, 28, 28]);
    // The augmentation moved ink: an augmenter that returned its input would leave the two images equal.
    expect(Buffer.from(moved.rgba).equals(Buffer.from(original.rgba))).toBe(false);
  });
});
