import { appendFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivergenceError, decodeSafetensors, encodeSafetensors } from '@nn/mlp';
import { describe, expect, it } from 'vitest';
import { listRuns, makeTrainConfig, RunFolderError, readRun, resumeTraining, trainMnist } from '../src/index';
import { resumePoint } from '../src/job/checkpoint';
import { RunFolder } from '../src/run/run-folder';
import { quickConfig, tempDir, workerPath } from './support';

/** A quick two-epoch run stopped right after its first epoch's checkpoint: what resume is for. */
async function stoppedRun(): Promise<string> {
  const controller = new AbortController();
  const stopped = await trainMnist(quickConfig({ hiddenLayers: [16], threads: 1 }), {
    workerPath,
    signal: controller.signal,
    onEvent: (event) => {
      if (event.type === 'checkpoint' && event.epoch === 1) controller.abort();
    },
  });
  expect(stopped).toMatchObject({ stopped: true, epochs: 1 });
  return stopped.runDir;
}

describe('resume refuses what would lose or corrupt a run', () => {
  it('a missing resume.safetensors after completed epochs is refused, and model.safetensors is left alone', async () => {
    const runDir = await stoppedRun();
    rmSync(join(runDir, 'resume.safetensors'));
    const model = readFileSync(join(runDir, 'model.safetensors'));
    await expect(resumeTraining(runDir, { workerPath })).rejects.toThrow(RunFolderError);
    await expect(resumeTraining(runDir, { workerPath })).rejects.toThrow(
      /resume.safetensors is missing, but 1 epoch\(s\) completed: resuming would start again from epoch 1/,
    );
    expect(readFileSync(join(runDir, 'model.safetensors'))).toEqual(model);
  });

  it('an epoch event without its checkpoint (a kill between the two) does not block starting again', () => {
    const config = makeTrainConfig({ outDir: tempDir() });
    const folder = RunFolder.create(config);
    folder.appendEvent({ type: 'epoch', epoch: 1, epochs: 2, loss: 1, trainAccuracy: 0.5, seconds: 1 } as never);
    expect(resumePoint(folder, config)).toBeUndefined();
    folder.appendEvent({ type: 'checkpoint', path: folder.file('model'), epoch: 1 });
    expect(() => resumePoint(folder, config)).toThrow(/resume.safetensors is missing, but 1 epoch/);
  });

  it('an edited config.json is refused, naming the first field that differs', async () => {
    const runDir = await stoppedRun();
    const configPath = join(runDir, 'config.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    writeFileSync(configPath, JSON.stringify({ ...config, hiddenLayers: [32] }));
    await expect(resumeTraining(runDir, { workerPath })).rejects.toThrow(
      /config.json: differs from the config the checkpoint was trained with \(hiddenLayers\[0\]: 16 in the checkpoint, 32 in config.json\)/,
    );
    writeFileSync(configPath, JSON.stringify({ ...config, dataset: 'fashion' }));
    await expect(resumeTraining(runDir, { workerPath })).rejects.toThrow(
      /dataset: "digits" in the checkpoint, "fashion" in config.json/,
    );
    // More epochs, or the data in another folder, may still be resumed; the check lets them through.
    writeFileSync(configPath, JSON.stringify({ ...config, epochs: 2, dataDir: undefined }));
    const resumed = await resumeTraining(runDir, { workerPath });
    expect(resumed).toMatchObject({ epochs: 2, stopped: false });
  });
});

describe('metrics.jsonl after a kill mid-write', () => {
  it('the next event starts on a fresh line, and readers skip and report the torn one', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    folder.appendEvent({ type: 'log', message: 'first' });
    appendFileSync(folder.file('metrics'), '{"type":"epoch","ep');
    RunFolder.open(folder.path).appendEvent({ type: 'log', message: 'after resume' });
    const run = readRun(folder.path);
    expect(run.events.map((e) => (e as { message?: string }).message)).toEqual(['first', 'after resume']);
    expect(run.skippedLines).toEqual([2]);
  });

  it('lines that are JSON but not events are skipped too', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    appendFileSync(folder.file('metrics'), '3\nnull\n{"type":"log","message":"ok"}\n');
    expect(readRun(folder.path).skippedLines).toEqual([1, 2]);
  });
});

describe('listRuns', () => {
  it('skips a dangling symlink instead of throwing', () => {
    const outDir = tempDir();
    const run = RunFolder.create(makeTrainConfig({ outDir }));
    symlinkSync(join(outDir, 'gone'), join(outDir, 'dangling'));
    expect(listRuns(outDir).map((r) => r.path)).toEqual([run.path]);
  });
});

describe('a run that diverges', () => {
  it('records why in metrics.jsonl and leaves a summary of where it stands, not a stale one', async () => {
    const runDir = await stoppedRun();
    const resumePath = join(runDir, 'resume.safetensors');
    // Weights of 1e30 are finite, so the file loads, but the first step overflows: a certain divergence.
    const { tensors, metadata } = decodeSafetensors(readFileSync(resumePath));
    const huge = [...tensors.entries()].map(([name, t]): [string, typeof t] =>
      name.startsWith('layers.') ? [name, { ...t, data: t.data.map(() => 1e30) }] : [name, t],
    );
    writeFileSync(resumePath, encodeSafetensors(huge, metadata));
    const staleSummary = readFileSync(join(runDir, 'summary.json'), 'utf8');
    await expect(resumeTraining(runDir, { workerPath })).rejects.toThrow(DivergenceError);
    const run = readRun(runDir);
    const last = run.events[run.events.length - 1];
    expect(last).toMatchObject({ type: 'log', message: expect.stringMatching(/training diverged at epoch 2/) });
    expect(readFileSync(join(runDir, 'summary.json'), 'utf8')).not.toBe(staleSummary);
    expect(run.summary).toMatchObject({ epochs: 1, stopped: true });
    expect(run.summary?.testAccuracy).toBeUndefined();
  });
});
