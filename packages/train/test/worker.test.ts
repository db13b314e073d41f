import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readRun,
  resumeTrainingWorker,
  startTrainingWorker,
  type TrainEvent,
  trainMnist,
  WorkerError,
} from '../src/index';
import { packageDir, quickConfig, workerPath } from './support';

describe('startTrainingWorker', () => {
  it('streams the run’s events in order and resolves with the result', async () => {
    const handle = startTrainingWorker(quickConfig(), { workerPath });
    const events: TrainEvent[] = [];
    handle.events((event) => events.push(event));
    const result = await handle.done;

    const types = events.map((event) => event.type).filter((type) => type !== 'batch' && type !== 'snapshot');
    expect(types).toEqual(['run', 'log', 'start', 'checkpoint', 'epoch', 'checkpoint', 'epoch', 'done']);
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2]);
    expect(result.stopped).toBe(false);
    expect(result.epochs).toBe(2);
    expect(result.testAccuracy).toBeGreaterThan(0.7);
    expect(readRun(result.runDir).summary?.testAccuracy).toBe(result.testAccuracy);
  });

  it('delivers weight snapshots as Float32Arrays of the right sizes', async () => {
    const handle = startTrainingWorker(quickConfig({ epochs: 1 }), { workerPath, snapshotInterval: 0 });
    const snapshots: Extract<TrainEvent, { type: 'snapshot' }>[] = [];
    handle.events((event) => {
      if (event.type === 'snapshot') snapshots.push(event);
    });
    await handle.done;
    expect(snapshots.length).toBe(20);
    for (const snapshot of snapshots) {
      expect(snapshot.layers.map((layer) => [layer.rows, layer.cols])).toEqual([
        [128, 784],
        [64, 128],
        [10, 64],
      ]);
      expect(snapshot.layers[0]!.weights).toBeInstanceOf(Float32Array);
      expect(snapshot.layers[0]!.weights.length).toBe(128 * 784);
    }
  });

  it('stop() ends the run after the current batch, writing a checkpoint and a summary', async () => {
    const handle = startTrainingWorker(quickConfig({ limit: 5000, epochs: 3 }), { workerPath });
    const events: TrainEvent[] = [];
    handle.events((event) => {
      events.push(event);
      if (event.type === 'start') handle.stop();
    });
    const result = await handle.done;
    expect(result.stopped).toBe(true);
    expect(result.epochs).toBeLessThan(3);
    expect(events.at(-2)).toMatchObject({ type: 'done', stopped: true });
    expect(events.at(-1)).toMatchObject({ type: 'checkpoint', path: join(result.runDir, 'model.safetensors') });
    expect(readRun(result.runDir).summary?.stopped).toBe(true);
  });

  it('interrupt() ends the worker at once: no summary, the last checkpoint kept, and the run resumes from it', async () => {
    const handle = startTrainingWorker(quickConfig({ limit: 5000, epochs: 3, threads: 2 }), { workerPath });
    let runDir = '';
    handle.events((event) => {
      if (event.type === 'run') runDir = event.runDir;
      if (event.type === 'checkpoint') handle.interrupt();
    });
    await expect(handle.done).rejects.toThrow(
      new WorkerError('training was interrupted: the run can be resumed from its checkpoint'),
    );
    handle.interrupt();
    const record = readRun(runDir);
    expect(record.summary).toBeUndefined();
    // The checkpoint is written (and recorded) before its epoch's event: the kill may land between the two.
    const checkpointed = record.events.flatMap((event) => (event.type === 'checkpoint' ? [event.epoch] : []));
    expect(checkpointed).toContain(1);
    const resume = resumeTrainingWorker(runDir, { workerPath });
    const runEvents: TrainEvent[] = [];
    resume.events((event) => {
      if (event.type === 'run') runEvents.push(event);
    });
    const resumed = await resume.done;
    expect(runEvents).toMatchObject([{ type: 'run', resumedFromEpoch: Math.max(...checkpointed) }]);
    expect(resumed.epochs).toBe(3);
    expect(readRun(runDir).summary?.stopped).toBe(false);
  });

  it('resumeTrainingWorker continues a stopped run from its last epoch', async () => {
    const controller = new AbortController();
    const stopped = await trainMnist(quickConfig(), {
      workerPath,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'checkpoint') controller.abort();
      },
    });
    const handle = resumeTrainingWorker(stopped.runDir, { workerPath });
    const starts: TrainEvent[] = [];
    handle.events((event) => {
      if (event.type === 'start' || event.type === 'run') starts.push(event);
    });
    const result = await handle.done;
    expect(starts).toMatchObject([
      { type: 'run', resumedFromEpoch: 1 },
      { type: 'start', firstEpoch: 2 },
    ]);
    expect(result).toMatchObject({ runDir: stopped.runDir, epochs: 2, stopped: false });
  });

  it('rejects done with a WorkerError when the job fails', async () => {
    const handle = startTrainingWorker(quickConfig({ dataDir: join(packageDir, 'no-such-data') }), { workerPath });
    await expect(handle.done).rejects.toThrow(WorkerError);
    await expect(handle.done).rejects.toThrow(/training failed: digits train set not found/);
  });

  it('rejects done when the worker crashes', async () => {
    const handle = startTrainingWorker(quickConfig(), {
      workerPath: join(packageDir, 'test/fixtures/crashing-worker.mjs'),
    });
    await expect(handle.done).rejects.toThrow('training worker crashed: boom from the fixture worker');
  });

  it('rejects done when the worker exits without a result', async () => {
    const handle = startTrainingWorker(quickConfig(), {
      workerPath: join(packageDir, 'test/fixtures/exiting-worker.mjs'),
    });
    await expect(handle.done).rejects.toThrow('training worker exited with code 7 before finishing');
    // Harmless after the end.
    handle.stop();
  });
});

describe('the built library', () => {
  it('finds its own worker file when no workerPath is given', async () => {
    const built = (await import(join(packageDir, 'dist', 'index.js'))) as typeof import('../src/index');
    expect(built.defaultWorkerPath()).toBe(workerPath);
    const result = await built.startTrainingWorker(quickConfig({ limit: 200, epochs: 1 })).done;
    expect(result.epochs).toBe(1);
  });
});
