import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Network, save } from '@nn/mlp';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process';
import { tempDir } from './support';

describe('nn eval on another data set than the model was trained on', () => {
  it('is refused with the data set the model file records', async () => {
    const file = join(tempDir(), 'digits.safetensors');
    const network = new Network({ layerSizes: [784, 10], seed: 1 });
    writeFileSync(file, save(network, { inputScale: 1 / 255, trainingConfig: { dataset: 'digits' } }));
    const { code, stderr } = await runCli(['eval', file, '--dataset', 'fashion']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `nn: ${file} was trained on digits; --dataset fashion would score it on other images ` +
        '(pass --dataset digits, or --force to evaluate anyway)\n',
    );
  });
});

describe('nn eval --force', () => {
  it('scores the model on the other data set when asked to (Debian dataset-fashion-mnist)', async () => {
    const file = join(tempDir(), 'digits.safetensors');
    const network = new Network({ layerSizes: [784, 10], seed: 1 });
    writeFileSync(file, save(network, { inputScale: 1 / 255, trainingConfig: { dataset: 'digits' } }));
    const { code, stdout, stderr } = await runCli(['eval', file, '--dataset', 'fashion', '--force', '--json']);
    expect(code, stderr).toBe(0);
    const figures = JSON.parse(stdout) as { accuracy: number; confusion: number[][] };
    // Fashion-MNIST's test set has 1 000 images of each class (the digits' has 980 zeros, 1 135 ones, …).
    expect(figures.confusion.map((row) => row.reduce((sum, n) => sum + n, 0))).toEqual(new Array(10).fill(1000));
    expect(figures.accuracy).toBeGreaterThanOrEqual(0);
  });
});
