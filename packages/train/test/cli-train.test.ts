import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, readRun, trainMnist } from '../src/index';
import { finished, runCli, startCli, waitForOutput } from './cli-process';
import { quickConfig, tempDir, workerPath } from './support';

/** The flags of quickConfig(), for the same run from the command line. */
const QUICK = ['--limit', '1000', '--epochs', '2', '--batch', '50'];

describe('nn train', () => {
  it('trains, prints one JSON object under --json, and fills the run folder', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await runCli(['train', ...QUICK, '--out', out, '--json']);
    expect(code, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(result.epochs).toBe(2);
    expect(result.secondsPerEpoch).toBeGreaterThan(0);
    expect(result.runDir.startsWith(out)).toBe(true);
    expect(stderr).toContain('epoch 2/2');

    expect(readdirSync(result.runDir).sort()).toEqual([
      'config.json',
      'metrics.jsonl',
      'model.safetensors',
      'resume.safetensors',
      'summary.json',
      'test-cells.json',
      'unit-statistics.json',
    ]);
    const run = readRun(result.runDir);
    expect(run.config).toMatchObject({ recipe: 'default', limit: 1000, epochs: 2, batchSize: 50 });
    expect(run.events[0]).toMatchObject({ type: 'run', runDir: result.runDir, resumedFromEpoch: 0 });
    expect(run.events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(run.events.filter((e) => e.type === 'checkpoint')).toHaveLength(2);
    expect(run.summary).toEqual(result);
    expect(loadModel(result.runDir).network.layerSizes).toEqual([784, 128, 64, 10]);
  });

  it('--threads sets how many threads share each batch, saved with the run; 1 and 2 threads learn alike', async () => {
    const accuracy: number[] = [];
    for (const threads of ['1', '2']) {
      const { code, stdout, stderr } = await runCli([
        'train',
        ...QUICK,
        '--threads',
        threads,
        '--out',
        tempDir(),
        '--json',
      ]);
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout);
      expect(readRun(result.runDir).config.threads).toBe(Number(threads));
      accuracy.push(result.testAccuracy);
    }
    expect(Math.min(...accuracy)).toBeGreaterThan(0.8);
    expect(Math.abs(accuracy[0]! - accuracy[1]!)).toBeLessThan(0.03);
  });

  it('prints per-epoch lines, the test accuracy and the confusion matrix', async () => {
    const { code, stdout } = await runCli(['train', ...QUICK, '--out', tempDir(), '--hidden', '32']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^epoch 1\/2 {2}loss \d/m);
    expect(stdout).toMatch(/Test accuracy: \d+\.\d\d% after 2 epoch\(s\)/);
    expect(stdout).toMatch(/^actual\\pred +0 +1 +2/m);
    expect(stdout).toContain('Run folder: ');
  });

  it('--resume continues a stopped run to the same weights as an uninterrupted run', async () => {
    const uninterrupted = await trainMnist(quickConfig(), { workerPath });

    const controller = new AbortController();
    const stopped = await trainMnist(quickConfig(), {
      workerPath,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'checkpoint' && event.epoch === 1) controller.abort();
      },
    });
    expect(stopped).toMatchObject({ stopped: true, epochs: 1 });

    const { code, stdout, stderr } = await runCli(['train', '--resume', stopped.runDir, '--json']);
    expect(code, stderr).toBe(0);
    const resumed = JSON.parse(stdout);
    expect(resumed).toMatchObject({ runDir: stopped.runDir, epochs: 2, stopped: false });
    expect(resumed.testAccuracy).toBe(uninterrupted.testAccuracy);
    const expected = loadModel(uninterrupted.runDir).network.parameters();
    const actual = loadModel(stopped.runDir).network.parameters();
    expect(actual).toEqual(expected);
    const runEvents = readRun(stopped.runDir).events.filter((e) => e.type === 'run');
    expect(runEvents.map((e) => (e as { resumedFromEpoch: number }).resumedFromEpoch)).toEqual([0, 1]);

    const again = await runCli(['train', '--resume', stopped.runDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`nn: ${stopped.runDir}: the run already completed all 2 epochs; nothing to resume\n`);
  });
});

describe('nn train and Ctrl-C', () => {
  const longRun = (out: string) => ['train', '--limit', '20000', '--epochs', '40', '--batch', '50', '--out', out];

  it('stops after the batch on SIGINT, checkpoints, says how to resume and exits 130', async () => {
    const child = startCli(longRun(tempDir()));
    await waitForOutput(child, ({ stdout }) => stdout.includes('epoch 1/40'));
    child.kill('SIGINT');
    const { code, stderr } = await finished(child);
    expect(code).toBe(130);
    const runDir = /nn train --resume (\S+)/.exec(stderr)?.[1];
    expect(runDir, stderr).toBeDefined();
    const run = readRun(runDir!);
    expect(run.summary?.stopped).toBe(true);
    expect(run.summary?.epochs).toBeGreaterThanOrEqual(1);
    expect(loadModel(runDir!).network.layerSizes).toEqual([784, 128, 64, 10]);
  });

  it('quits at once on a second SIGINT, leaving the last checkpoint loadable', async () => {
    const out = tempDir();
    // Wide layers, so the graceful stop the first Ctrl-C begins (the batch, the test set, the checkpoint) takes
    // long enough for the second to arrive while it is under way.
    const child = startCli([...longRun(out), '--hidden', '1024,1024']);
    // Listening for the exit from the start: attached after the kills, it could miss an exit that came first.
    const exit = finished(child);
    await waitForOutput(child, ({ stdout }) => stdout.includes('epoch 1/40'));
    child.kill('SIGINT');
    await waitForOutput(child, ({ stderr }) => stderr.includes('Stopping after this batch'));
    child.kill('SIGINT');
    const { code, stderr } = await exit;
    expect(code).toBe(130);
    // The second Ctrl-C's own way out, not the first one's graceful stop (which would also exit with 130).
    expect(stderr).toContain('Quit.');
    expect(stderr).not.toContain('Resume with');
    const [runName] = readdirSync(out);
    const model = join(out, runName!, 'model.safetensors');
    expect(existsSync(model)).toBe(true);
    expect(loadModel(model).network.layerSizes).toEqual([784, 1024, 1024, 10]);
    expect(readdirSync(join(out, runName!)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(join(out, runName!, 'config.json'), 'utf8')).toContain('"epochs": 40');
  });
});
