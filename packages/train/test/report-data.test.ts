import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainMnist } from '../src/index';
import { reportData } from '../src/report/report-data';
import { runCli } from './cli-process';
import { quickConfig, workerPath } from './support';

describe('nn report without a browser', () => {
  let runDir: string;
  beforeAll(async () => {
    ({ runDir } = await trainMnist(quickConfig({ limit: 300, threads: 1, hiddenLayers: [8] }), { workerPath }));
  });

  it('embeds the points, the sampled final weights and every non-empty cell of the last epoch', async () => {
    const data = await reportData(runDir);
    expect(data.status).toBe('finished');
    expect(data.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(data.run.layerSizes).toEqual([784, 8, 10]);
    expect(data.weights?.layers.map((l) => [l.rows, l.cols])).toEqual([
      [8, 784],
      [10, 8],
    ]);
    expect(data.confusion?.epoch).toBe(2);
    const nonEmpty = data.confusion?.counts.flat().filter((count) => count > 0).length;
    expect(data.cells).toHaveLength(nonEmpty ?? -1);
    const cell = data.cells[0];
    expect(Buffer.from(cell?.pixels ?? '', 'base64')).toHaveLength((cell?.samples.length ?? 0) * 784);
  });

  it('writes report.html into the run folder by default, and keeps an existing file unless --force', async () => {
    const first = await runCli(['report', runDir]);
    expect(first.code, first.stderr).toBe(0);
    const out = join(runDir, 'report.html');
    expect(existsSync(out)).toBe(true);
    const again = await runCli(['report', runDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`nn: ${out} exists; pass --force to replace it\n`);
    expect((await runCli(['report', runDir, '--force'])).code).toBe(0);
  });

  it('reports a run recorded before the confusion matrix existed, without one', async () => {
    const metrics = join(runDir, 'metrics.jsonl');
    const lines = readFileSync(metrics, 'utf8').trim().split('\n');
    const old = lines.map((line) => {
      const { confusion: _, ...rest } = JSON.parse(line) as { confusion?: unknown };
      return JSON.stringify(rest);
    });
    writeFileSync(metrics, `${old.join('\n')}\n`);
    rmSync(join(runDir, 'test-cells.json'));
    const data = await reportData(runDir);
    expect(data.confusion).toBeUndefined();
    expect(data.cells).toEqual([]);
    expect(data.epochs).toHaveLength(2);
    const { code, stderr } = await runCli(['report', runDir, '--force']);
    expect(code, stderr).toBe(0);
  });
});
