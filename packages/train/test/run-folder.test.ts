import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fit, loadCheckpoint, Network, save } from '@nn/mlp';
import { describe, expect, it } from 'vitest';
import { listRuns, makeTrainConfig, RunFolderError, readRun, type TrainResult } from '../src/index';
import { encodeModel, encodeTrainingState, MNIST_INPUT_SCALE } from '../src/job/checkpoint';
import { RunFolder } from '../src/run/run-folder';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nn-run-folder-'));
}

const result = (runDir: string): TrainResult => ({
  runDir,
  epochs: 1,
  testAccuracy: 0.9,
  testLoss: 0.3,
  trainAccuracy: 0.91,
  finalLoss: 0.28,
  secondsPerEpoch: 2,
  seconds: 3,
  stopped: false,
  confusion: undefined,
  checkpointPath: undefined,
});

describe('RunFolder', () => {
  it('creates <outDir>/<date>-<time>-<recipe> with config.json, never reusing a folder', () => {
    const config = makeTrainConfig({ outDir: tempDir(), recipe: 'seed' });
    const now = new Date(2026, 10, 25, 5, 12, 3);
    const first = RunFolder.create(config, now);
    const second = RunFolder.create(config, now);
    expect(first.path).toBe(join(config.outDir, '2026-11-25-051203-seed'));
    expect(second.path).toBe(`${first.path}-2`);
    expect(JSON.parse(readFileSync(first.file('config'), 'utf8'))).toEqual(config);
  });

  it('appends one event per line, leaving snapshots out, and reads them back', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    folder.appendEvent({ type: 'log', message: 'hello' });
    folder.appendEvent({ type: 'snapshot', epoch: 1, batch: 1, layers: [] });
    folder.appendEvent({ type: 'checkpoint', path: 'x', epoch: 1 });
    const lines = readFileSync(folder.file('metrics'), 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).type)).toEqual(['log', 'checkpoint']);
  });

  it('readRun skips a torn last line and counts completed epochs', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    const epoch = { type: 'epoch', epoch: 1, epochs: 2, loss: 1, trainAccuracy: 0.5, seconds: 1 };
    appendFileSync(folder.file('metrics'), `${JSON.stringify(epoch)}\n{"type":"ba`);
    folder.writeSummary(result(folder.path));
    const run = readRun(folder.path);
    expect(run.events).toHaveLength(1);
    expect(run.completedEpochs).toBe(1);
    expect(run.summary?.testAccuracy).toBe(0.9);
    expect(run.modelPath).toBeUndefined();
  });

  it('readRun counts an epoch whose checkpoint was written though its epoch event was not (killed in between)', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    const epoch = { type: 'epoch', epoch: 1, epochs: 3, loss: 1, trainAccuracy: 0.5, seconds: 1 };
    folder.appendEvent({ type: 'checkpoint', path: 'x', epoch: 1 });
    appendFileSync(folder.file('metrics'), `${JSON.stringify(epoch)}\n`);
    folder.appendEvent({ type: 'checkpoint', path: 'x', epoch: 2 });
    expect(readRun(folder.path).completedEpochs).toBe(2);
  });

  it('readRun names the folder when it is not a run', () => {
    const dir = tempDir();
    expect(() => readRun(dir)).toThrow(RunFolderError);
    expect(() => readRun(dir)).toThrow(`${dir}: not a run folder (no config.json)`);
  });

  it('readRun names a config.json that fails validation', () => {
    const folder = RunFolder.create(makeTrainConfig({ outDir: tempDir() }));
    writeFileSync(folder.file('config'), JSON.stringify({ ...makeTrainConfig(), epochs: 0 }));
    expect(() => readRun(folder.path)).toThrow(`${folder.file('config')}: epochs: expected a whole number`);
  });

  it('listRuns returns runs newest first and skips other folders', () => {
    const outDir = tempDir();
    const config = makeTrainConfig({ outDir });
    const older = RunFolder.create(config, new Date(2026, 0, 1, 10, 0, 0));
    const newer = RunFolder.create(config, new Date(2026, 0, 2, 10, 0, 0));
    writeFileSync(join(outDir, 'notes.txt'), 'not a run');
    expect(listRuns(outDir).map((run) => run.path)).toEqual([newer.path, older.path]);
    expect(listRuns(join(outDir, 'missing'))).toEqual([]);
  });
});

describe('RunFolder checkpoints', () => {
  it("writes encodeModel's and encodeTrainingState's parts as the files save would give", async () => {
    const config = makeTrainConfig({ outDir: tempDir() });
    const folder = RunFolder.create(config);
    const network = new Network({ layerSizes: [4, 3, 2], seed: 5 });
    const data = {
      inputs: Float32Array.from({ length: 16 }, (_, i) => Math.sin(i)),
      labels: Uint8Array.of(0, 1, 1, 0),
    };
    const { optimizerState } = await fit(network, data, {
      epochs: 1,
      batchSize: 2,
      optimizer: { type: 'adam', learningRate: 0.01 },
    });
    folder.writeResumeState(encodeTrainingState(network, { epoch: 1, optimizerState, config }));
    folder.writeModel(encodeModel(network, { epoch: 1, config }));
    const common = { epoch: 1, inputScale: MNIST_INPUT_SCALE, trainingConfig: config };
    const resume = new Uint8Array(readFileSync(folder.file('resumeState')));
    expect(resume).toEqual(save(network, { ...common, optimizerState }));
    expect(new Uint8Array(readFileSync(folder.file('model')))).toEqual(save(network, common));
    expect(loadCheckpoint(resume).optimizerState?.slots.m).toEqual(optimizerState.slots.m);
  });
});

describe('RunFolder.create', () => {
  it('gives runs started in the same second their own folders (-2, -3, …), never one shared', () => {
    const outDir = tempDir();
    const now = new Date('2026-12-03T18:48:33Z');
    const paths = [1, 2, 3].map(() => RunFolder.create(makeTrainConfig({ outDir }), now).path);
    expect(new Set(paths).size).toBe(3);
    expect(paths[1]).toBe(`${paths[0]}-2`);
    expect(paths[2]).toBe(`${paths[0]}-3`);
  });
});
