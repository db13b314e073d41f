import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process';
import { tempDir } from './support';

describe('nn data info --json', () => {
  it('prints the header, statistics and label counts as one JSON object', async () => {
    const labels = join(tempDir(), 'labels.idx');
    // IDX magic (0, 0, uint8 = 8, 1 dimension), 3 samples, labels 1, 2, 2.
    writeFileSync(labels, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 2]));
    const { code, stdout } = await runCli(['data', 'info', labels, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      file: labels,
      type: 'uint8',
      dims: [3],
      values: 3,
      min: 1,
      max: 2,
      mean: 5 / 3,
      labelCounts: [0, 1, 2, 0, 0, 0, 0, 0, 0, 0],
    });
  });
});
