import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RUN_FILES, readRun } from '../src/index';
import { tempDir } from './support';

const packageDir = new URL('..', import.meta.url).pathname;

describe('examples/ run as the README says (against the built package: pnpm build first)', () => {
  it('train-and-predict.mjs trains on a few hundred digits, saves the run and predicts five test images', async () => {
    const out = tempDir();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['examples/train-and-predict.mjs', '--limit', '300', '--out', out],
      { cwd: packageDir },
    );
    const [accuracyLine, ...predictionLines] = stdout.trim().split('\n');
    const match = /^test accuracy ([\d.]+)%, model in (.+)$/.exec(accuracyLine ?? '');
    expect(match, stdout).not.toBeNull();
    const runDir = match![2]!;
    expect(runDir.startsWith(out)).toBe(true);
    expect(existsSync(join(runDir, RUN_FILES.model))).toBe(true);
    // The accuracy printed is the run's own, and far above chance (10%) after 300 images.
    const reported = Number(match![1]) / 100;
    expect(reported).toBeCloseTo(readRun(runDir).summary!.testAccuracy!, 3);
    expect(reported).toBeGreaterThan(0.3);
    // The first five MNIST test labels are 7, 2, 1, 0, 4; each line names a digit predicted by the saved model.
    expect(predictionLines).toHaveLength(5);
    const labels = predictionLines.map((line) => /^test image \d: predicted \d, label (\d)$/.exec(line)?.[1]);
    expect(labels).toEqual(['7', '2', '1', '0', '4']);
  });
});
