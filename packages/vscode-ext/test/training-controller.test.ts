import { ConfigError } from '@nn/mlp';
import type { RunRecord } from '@nn/train';
import type { CheckpointWeights } from '@nn/views/weight-sample';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Uri } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { parseHostMessage, type UpdateMessage } from '../src/protocol';
import type { TrainingRequest } from '../src/training';
import { TrainingController } from '../src/training-controller';
import { recorded, resetFake } from './fake-vscode';
import { batchEvent, epochEvent, runEvent, ScriptedRun, startEvent } from './scripted-run';

let runs: ScriptedRun[];
let lines: string[];
let controller: TrainingController;
let startError: Error | undefined;

/** Lets promise callbacks (done handlers, message buttons) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetFake();
  runs = [];
  lines = [];
  startError = undefined;
  recorded.workspaceFolder = '/work/project';
  controller = new TrainingController({
    startTraining: (request: TrainingRequest) => {
      if (startError) throw startError;
      const run = new ScriptedRun(request);
      runs.push(run);
      return run;
    },
    output: { appendLine: (line: string) => lines.push(line) } as never,
    extensionUri: Uri.file('/ext'),
    globalStorageUri: Uri.file('/global'),
    bundledDataDir: '/ext/data',
  });
});

afterEach(() => {
  DashboardPanel.current?.dispose();
  vi.useRealTimers();
});

describe('TrainingController', () => {
  it('starts a run from the settings, with the bundled data and the workspace runs folder', async () => {
    recorded.settings = { 'nn.recipe': 'default', 'nn.limit': 500, 'nn.epochs': 2, 'nn.learningRate': null };
    await controller.train();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.request).toEqual({
      recipe: 'default',
      dataset: 'digits',
      limit: 500,
      epochs: 2,
      dataDir: '/ext/data',
      outDir: '/work/project/.nn/runs',
    });
    expect(recorded.progress[0]).toMatchObject({ title: 'NN: Training', cancellable: true });
  });

  it('shows accuracy and epoch in the status bar, logs each epoch and ends with a notification', async () => {
    await controller.train();
    const run = runs[0] as ScriptedRun;
    const statusBar = recorded.statusBars[0];
    run.emit(runEvent('/work/project/.nn/runs/2026-12-03-184834-default'));
    run.emit(startEvent(5, 10));
    run.emit(batchEvent(1, 1, 10, 2.3));
    expect(statusBar?.text).toContain('NN · epoch 1/5');
    run.emit(epochEvent(3, 5, 0.978));
    expect(statusBar?.text).toContain('NN 97.8% · epoch 3/5');
    expect(statusBar?.command).toBe('nn.showDashboard');
    expect(statusBar?.visible).toBe(true);
    expect(lines.some((l) => l.startsWith('Epoch 3/5: loss 0.1667') && l.includes('test accuracy 97.8%'))).toBe(true);
    expect(recorded.progress[0]?.reports[0]?.message).toBe('epoch 1/5 · batch 1/10');

    recorded.answer = 'Open Dashboard';
    run.finish({ runDir: '/work/project/.nn/runs/2026-12-03-184834-default', epochs: 5, testAccuracy: 0.981 });
    await settle();
    await settle();
    const end = recorded.messages.at(-1);
    expect(end).toEqual({
      kind: 'info',
      text: 'NN: run 2026-12-03-184834-default finished, test accuracy 98.1%.',
      buttons: ['Open Dashboard', 'Reveal Run Folder'],
    });
    expect(recorded.progress[0]?.finished).toBe(true);
    expect(controller.isTraining).toBe(false);
    // The button opened the dashboard, which asks for the run and gets all of it.
    const panel = recorded.panels[0];
    expect(panel?.viewType).toBe('nn.dashboard');
    panel?.receive({ type: 'ready' });
    await settle();
    const replay = parseHostMessage(panel?.posted.at(-1)) as UpdateMessage;
    expect(replay.status).toBe('finished');
    // One name for the run everywhere: the folder's, not a timestamp of its own.
    expect(replay.run?.id).toBe('2026-12-03-184834-default');
    expect(replay.epochs.map((e) => e.testAccuracy)).toEqual([0.978]);
    expect(replay.batches).toHaveLength(1);
  });

  it('reveals the run folder in the Explorer, in this window', async () => {
    await controller.train();
    recorded.answer = 'Reveal Run Folder';
    runs[0]?.finish({ runDir: '/work/project/.nn/runs/r1' });
    await settle();
    await settle();
    expect(recorded.commands.map((c) => [c.command, (c.args[0] as Uri).fsPath])).toEqual([
      ['revealInExplorer', '/work/project/.nn/runs/r1'],
    ]);
  });

  it('stops gracefully when the progress notification is cancelled', async () => {
    await controller.train();
    const run = runs[0] as ScriptedRun;
    recorded.progress[0]?.cancel();
    expect(run.stopRequests).toBe(1);
    expect(lines).toContain('Stopping after the current batch; the last checkpoint is kept.');
    run.finish({ stopped: true, epochs: 2, testAccuracy: 0.95 });
    await settle();
    expect(recorded.messages.at(-1)?.text).toBe('NN: run r1 stopped, test accuracy 95.0%.');
  });

  it('asks before starting a second run, and keeps the first when the user declines', async () => {
    await controller.train();
    recorded.answer = undefined;
    await controller.train();
    expect(recorded.messages.at(-1)?.text).toContain('a training run is in progress');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.stopRequests).toBe(0);

    recorded.answer = 'Stop and Start New';
    const second = controller.train();
    await settle();
    expect(runs[0]?.stopRequests).toBe(1);
    runs[0]?.finish({ stopped: true });
    await second;
    expect(runs).toHaveLength(2);
    expect(controller.isTraining).toBe(true);
  });

  it('reports an invalid setting by its name and does not start', async () => {
    recorded.settings = { 'nn.learningRate': -1, 'nn.hiddenLayers': [128, 'x'] };
    await controller.train();
    expect(runs).toHaveLength(0);
    const error = recorded.messages.at(-1);
    expect(error?.kind).toBe('error');
    expect(error?.text).toContain('nn.learningRate must be a number above 0, got -1');
    expect(error?.text).toContain('nn.hiddenLayers');
    expect(error?.buttons).toEqual(['Open Settings']);
  });

  it("names the setting behind @nn/train's ConfigError", async () => {
    startError = new ConfigError('batchSize: must be at most 60000');
    await controller.train();
    expect(recorded.messages.at(-1)?.text).toBe('NN: invalid setting nn.batchSize: batchSize: must be at most 60000');
  });

  it('reports a crashed worker and leaves the status bar saying so', async () => {
    await controller.train();
    runs[0]?.crash('training worker crashed: out of memory');
    await settle();
    expect(recorded.messages.at(-1)?.text).toBe('NN: training failed: training worker crashed: out of memory');
    expect(recorded.statusBars[0]?.text).toContain('NN failed');
  });

  it('sends the open dashboard at most ten updates a second, losing no batch', async () => {
    vi.useFakeTimers();
    await controller.train();
    controller.showDashboard('dashboard');
    const panel = recorded.panels[0];
    const run = runs[0] as ScriptedRun;
    run.emit(startEvent(1, 1000));
    for (let batch = 1; batch <= 1000; batch++) {
      run.emit(batchEvent(1, batch, 1000, 2 / batch));
      vi.advanceTimersByTime(1); // 1000 batches over one second
    }
    vi.advanceTimersByTime(200);
    const updates = (panel?.posted ?? []).map((m) => parseHostMessage(m) as UpdateMessage);
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.length).toBeLessThanOrEqual(11);
    expect(updates.flatMap((u) => u.batches).map((b) => b.step)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(updates[0]?.run?.batchesPerEpoch).toBe(1000);
  });

  it('drops a checkpoint read that a newer checkpoint overtook (the file holds the newer weights by then)', async () => {
    const reads: { epoch: number; resolve(weights: CheckpointWeights): void }[] = [];
    const slow = new TrainingController({
      startTraining: (request: TrainingRequest) => {
        const run = new ScriptedRun(request);
        runs.push(run);
        return run;
      },
      output: { appendLine: () => undefined } as never,
      extensionUri: Uri.file('/ext'),
      globalStorageUri: Uri.file('/global'),
      bundledDataDir: '/ext/data',
      loadFinalWeights: (_path, epoch) => new Promise((resolve) => reads.push({ epoch, resolve })),
    });
    await slow.train();
    slow.showDashboard('dashboard');
    const panel = recorded.panels[0];
    if (panel) panel.drawsUpdates = true;
    const run = runs[0] as ScriptedRun;
    run.emit(runEvent('/work/project/.nn/runs/r1'));
    run.emit(startEvent(3, 10));
    run.emit({ type: 'checkpoint', path: '/work/project/.nn/runs/r1/model.safetensors', epoch: 1 });
    run.emit({ type: 'checkpoint', path: '/work/project/.nn/runs/r1/model.safetensors', epoch: 2 });
    const layer = (value: number) => ({ rows: 10, cols: 16, weights: new Float32Array(160).fill(value) });
    reads[1]?.resolve({ epoch: 2, layers: [layer(2)] });
    reads[0]?.resolve({ epoch: 1, layers: [layer(1)] });
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const shown = (panel?.posted ?? []).map((m) => parseHostMessage(m) as UpdateMessage).filter((m) => m.weights);
    expect(shown.map((m) => m.weights?.epoch)).toEqual([2]);
    slow.dispose();
  });

  it('interrupts the run when the window goes (no stop that would write a "stopped" summary)', async () => {
    await controller.train();
    const run = runs.at(-1) as ScriptedRun;
    run.emit(runEvent('/work/project/.nn/runs/r1'));
    controller.dispose();
    expect(run.interruptRequests).toBe(1);
    expect(run.stopRequests).toBe(0);
  });

  it('names the run it shows for Export Model: the running one, looked up by id in the runs folder', async () => {
    const asked: [string, string][] = [];
    const record = { path: '/work/project/.nn/runs/r1' } as RunRecord;
    const withRuns = new TrainingController({
      startTraining: (request: TrainingRequest) => {
        const run = new ScriptedRun(request);
        runs.push(run);
        return run;
      },
      output: { appendLine: () => {} } as never,
      extensionUri: Uri.file('/ext'),
      globalStorageUri: Uri.file('/global'),
      bundledDataDir: '/ext/data',
      runs: {
        find: (runsDir, id) => {
          asked.push([runsDir, id]);
          return record;
        },
        newest: () => undefined,
        isResumable: () => false,
        isBeingWritten: async () => false,
        load: async () => ({ type: 'update' }) as never,
      },
    });
    expect(withRuns.shownRun()).toBeUndefined();
    await withRuns.train();
    runs.at(-1)?.emit(runEvent('/work/project/.nn/runs/r1'));
    expect(withRuns.shownRun()).toBe(record);
    expect(asked.at(-1)?.[1]).toBe('r1');
    withRuns.dispose();
  });

  it('says so when Stop is run with nothing training', () => {
    controller.stop();
    expect(recorded.messages.at(-1)?.text).toBe('NN: no training run is in progress.');
  });
});
