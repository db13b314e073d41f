import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { positiveNumber } from '../src/cli/parse-values';
import { ProgressReporter } from '../src/cli/progress-reporter';
import { makeTrainConfig, RunFolderError } from '../src/index';
import { RunFolder } from '../src/run/run-folder';
import { finished, startCli } from './cli-process';
import { tempDir } from './support';

describe('small CLI faults (issue 16, finding 12)', () => {
  it('--lr takes decimals only, not hex, binary or octal', () => {
    expect(positiveNumber('0.01')).toBe(0.01);
    expect(positiveNumber('1e-3')).toBe(0.001);
    expect(positiveNumber('.5')).toBe(0.5);
    for (const text of ['0x1', '0b1', '0o7', 'Infinity', '', ' ']) expect(() => positiveNumber(text)).toThrow();
  });

  it('an epoch count beyond any sane run is refused with the limit', () => {
    expect(() => makeTrainConfig({ epochs: 1e12 })).toThrow('epochs: 1000000000000 is more than the 10000 epochs');
    expect(makeTrainConfig({ epochs: 10_000 }).epochs).toBe(10_000);
  });

  it('an --out that names a file is a RunFolderError, not raw EEXIST text', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const create = () => RunFolder.create(makeTrainConfig({ outDir: file }));
    expect(create).toThrow(RunFolderError);
    expect(create).toThrow(`${file}: cannot hold run folders: is a file (or inside one), not a folder`);
  });

  it('warns once when accuracy stays at chance after two epochs', () => {
    const lines = new PassThrough();
    const reporter = new ProgressReporter(lines);
    const epoch = (n: number, testAccuracy: number) =>
      reporter.handle({
        type: 'epoch',
        epoch: n,
        epochs: 5,
        loss: 2.3,
        trainAccuracy: testAccuracy,
        testAccuracy,
        seconds: 1,
        samplesPerSecond: 1000,
        learningRate: 0.5,
      } as Parameters<typeof reporter.handle>[0]);
    epoch(1, 0.1);
    epoch(2, 0.098);
    epoch(3, 0.1);
    const text = String(lines.read());
    expect(text.match(/warning: accuracy is 9.80% after 2 epochs, no better than guessing/g)).toHaveLength(1);
    const learning = new PassThrough();
    const fine = new ProgressReporter(learning);
    fine.handle({
      type: 'epoch',
      epoch: 2,
      epochs: 5,
      loss: 0.3,
      trainAccuracy: 0.9,
      testAccuracy: 0.9,
      seconds: 1,
      samplesPerSecond: 1,
      learningRate: 0.001,
    } as Parameters<typeof fine.handle>[0]);
    expect(String(learning.read())).not.toContain('warning');
  });

  it('a closed output pipe ends the command quietly, without an EPIPE stack trace', async () => {
    const labels = join(tempDir(), 'labels.idx');
    // An IDX file of 3 labels: enough for `data info` to print several lines.
    writeFileSync(labels, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]));
    const child = startCli(['data', 'info', labels]);
    // The reader goes away before the command writes anything, as `| head -1` does after its line.
    child.stdout?.destroy();
    const { code, stderr } = await finished(child);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});
