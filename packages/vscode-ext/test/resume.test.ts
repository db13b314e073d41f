import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrainConfig, RUN_FILES, type TrainEvent } from '@nn/train';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Uri } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { parseHostMessage, type UpdateMessage } from '../src/protocol';
import { findRun, isBeingWritten, isResumable, loadRun, newestRun } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { recorded, resetFake } from './fake-vscode';
import { batchEvent, epochEvent, runEvent, ScriptedRun, startEvent } from './scripted-run';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
let workspace: string;
let runsDir: string;
let resumed: { runDir: string; run: ScriptedRun }[];
let controller: TrainingController;

/**
 * Writes a run folder as @nn/train leaves it when the window closes mid-run: config, the metrics of the epochs
 * done, a resume checkpoint, and no summary (or one, for a run that ended).
 */
function writeRun(name: string, completed: number, summary?: { stopped: boolean }): string {
  const dir = join(runsDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUN_FILES.config), JSON.stringify(makeTrainConfig({ outDir: runsDir, epochs: 3 })));
  const events: TrainEvent[] = [runEvent(dir), startEvent(3, 10)];
  for (let epoch = 1; epoch <= completed; epoch++) {
    events.push(batchEvent(epoch, 10, 10, 0.5 / epoch), epochEvent(epoch, 3, 0.9 + epoch / 100));
  }
  writeFileSync(join(dir, RUN_FILES.metrics), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  if (completed > 0) writeFileSync(join(dir, RUN_FILES.resumeState), 'checkpoint');
  if (summary)
    writeFileSync(join(dir, RUN_FILES.summary), JSON.stringify({ runDir: dir, epochs: completed, ...summary }));
  return dir;
}

beforeEach(() => {
  resetFake();
  workspace = mkdtempSync(join(tmpdir(), 'nn-resume-'));
  runsDir = join(workspace, '.nn', 'runs');
  recorded.workspaceFolder = workspace;
  resumed = [];
  controller = new TrainingController({
    startTraining: (request) => new ScriptedRun(request),
    resumeTraining: (runDir) => {
      const run = new ScriptedRun({ recipe: 'default', dataset: 'digits', outDir: runsDir });
      resumed.push({ runDir, run });
      return run;
    },
    runs: {
      find: findRun,
      newest: newestRun,
      isResumable,
      isBeingWritten: (run) => isBeingWritten(run, 300),
      load: loadRun,
    },
    output: { appendLine: () => undefined } as never,
    extensionUri: Uri.file('/ext'),
    globalStorageUri: Uri.file('/global'),
    bundledDataDir: '/ext/data',
  });
});
afterEach(() => {
  DashboardPanel.current?.dispose();
  controller.dispose();
});

describe('resuming a run cut off by a window reload', () => {
  it('says so after the reload and resumes it in its own folder, its curves continuing', async () => {
    const dir = writeRun('2026-12-03-184834-default', 1);
    recorded.answer = 'Resume';
    await controller.offerResume();
    expect(recorded.messages[0]?.text).toBe(
      'NN: run 2026-12-03-184834-default was interrupted after epoch 1/3 (the window was closed or reloaded). Its checkpoint can continue it.',
    );
    expect(recorded.messages[0]?.buttons).toEqual(['Resume', 'Open Dashboard']);
    expect(resumed.map((r) => r.runDir)).toEqual([dir]);
    expect(controller.isTraining).toBe(true);

    const run = resumed[0]?.run as ScriptedRun;
    run.emit(runEvent(dir, 1));
    run.emit(startEvent(3, 10, 2));
    controller.showDashboard('dashboard');
    const panel = recorded.panels[0];
    panel?.receive({ type: 'ready' });
    await settle();
    const replay = parseHostMessage(panel?.posted.at(-1)) as UpdateMessage;
    expect(replay.run?.id).toBe('2026-12-03-184834-default');
    expect(replay.status).toBe('running');
    expect(replay.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(recorded.statusBars[0]?.text).toBe('$(sync~spin) NN · epoch 2/3');
  });

  it('shows the stopped run in the dashboard with its Resume button, and the button resumes that run', async () => {
    writeRun('2026-12-03-100000-default', 3, { stopped: false });
    const dir = writeRun('2026-12-03-184834-default', 2, { stopped: true });
    controller.showDashboard('dashboard');
    const panel = recorded.panels[0];
    panel?.receive({ type: 'ready' });
    // The run is read from disk asynchronously.
    const stopped = () =>
      panel?.posted.map(parseHostMessage).find((m) => m?.type === 'update' && m.status === 'stopped');
    await vi.waitFor(() => expect(stopped()).toBeDefined());
    const replay = stopped() as UpdateMessage;
    expect([replay.run?.id, replay.status, replay.resumable]).toEqual(['2026-12-03-184834-default', 'stopped', true]);
    panel?.receive({ type: 'resume', runId: '2026-12-03-184834-default' });
    await settle();
    expect(resumed.map((r) => r.runDir)).toEqual([dir]);
  });

  it('offers nothing for a run that another window is still training', async () => {
    const dir = writeRun('2026-12-03-184834-default', 1);
    const writer = setInterval(
      () => appendFileSync(join(dir, RUN_FILES.metrics), `${JSON.stringify(batchEvent(2, 1, 10, 0.4))}\n`),
      50,
    );
    try {
      await controller.offerResume();
    } finally {
      clearInterval(writer);
    }
    expect(recorded.messages).toEqual([]);
    expect(resumed).toEqual([]);
  });

  it('offers nothing for a finished run, and resumes no run that is not in the runs folder', async () => {
    writeRun('2026-12-03-100000-default', 3, { stopped: false });
    await controller.offerResume();
    expect(recorded.messages).toEqual([]);
    expect(recorded.statusBars[0]?.visible).toBe(false);
    await controller.resume('../../elsewhere');
    await controller.resume('2026-12-03-100000-default');
    expect(resumed).toEqual([]);
    expect(recorded.messages.map((m) => m.text)).toEqual([
      'NN: run ../../elsewhere cannot be resumed: it finished, or it has no resume checkpoint (no epoch completed).',
      'NN: run 2026-12-03-100000-default cannot be resumed: it finished, or it has no resume checkpoint (no epoch completed).',
    ]);
  });
});
