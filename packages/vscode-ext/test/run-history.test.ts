import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { listRuns, makeTrainConfig, readRun, trainMnist } from '@nn/train';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Uri } from 'vscode';
import { compareRunsCommand } from '../src/compare-runs';
import { DashboardPanel } from '../src/dashboard-panel';
import { trainingSeconds } from '../src/history-rows';
import { type CompareMessage, type HistoryMessage, parseWebviewMessage } from '../src/protocol';
import { DELETE } from '../src/run-history';
import { RunIdError, resolveRunId } from '../src/run-id';
import { findRun, isBeingWritten, isResumable, loadRun, newestRun } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { recorded, resetFake } from './fake-vscode';
import { bundledData, missingBuild, workerPath } from './recorded-run';
import { epochEvent, runEvent, ScriptedRun } from './scripted-run';

const skipReason = missingBuild();

/** Ids that try to leave the runs folder or are no folder name at all. */
const HOSTILE = ['..', '../outside', '..\\outside', 'a/b', '/etc', 'C:\\Windows', 'x\0y', '', '.'.repeat(3)];

describe.skipIf(skipReason !== undefined)(`run history${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  const root = mkdtempSync(join(tmpdir(), 'nn-history-'));
  const runsDir = join(root, 'runs');
  const ids: string[] = [];
  let controller: TrainingController;

  beforeAll(async () => {
    // Two real runs, 8 and 16 hidden units, and beside the runs folder a run folder the page must never reach.
    for (const hidden of [8, 16]) {
      const config = makeTrainConfig({ outDir: runsDir, hiddenLayers: [hidden], limit: 400, epochs: 1, batchSize: 50 });
      ids.push(basename((await trainMnist({ ...config, dataDir: bundledData }, { workerPath })).runDir));
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'config.json'), '{}');
  }, 120_000);

  beforeEach(() => {
    resetFake();
    recorded.settings = { 'nn.runsFolder': runsDir };
    DashboardPanel.current?.dispose();
    controller = new TrainingController({
      startTraining: (request) => new ScriptedRun(request),
      output: { appendLine: () => {} } as never,
      extensionUri: Uri.file('/ext'),
      globalStorageUri: Uri.file('/global'),
      bundledDataDir: bundledData,
      runs: { find: findRun, newest: newestRun, list: listRuns, isResumable, isBeingWritten, load: loadRun },
    });
  });

  it('lists the runs folder newest first: recipe, key settings, accuracy, epochs, start, duration, status', () => {
    const history = controller.history.message();
    expect(history.folder).toBe(runsDir);
    expect(history.runs.map((run) => run.id)).toEqual([...ids].reverse());
    const older = history.runs[1];
    const record = readRun(join(runsDir, ids[0]!));
    expect(older).toMatchObject({
      recipe: 'default',
      settings: '784-8-10 relu · adam 0.003 · batch 50 · 400 images',
      completedEpochs: 1,
      epochs: 1,
      testAccuracy: record.summary?.testAccuracy,
      status: 'finished',
      started: statSync(join(runsDir, ids[0]!, 'config.json')).mtimeMs,
    });
    expect(older?.seconds).toBeGreaterThan(0);
  });

  it('counts a resumed run’s training time over its invocations: wall time if it ended, its epochs if cut off', () => {
    const epoch = (seconds: number) => ({ ...epochEvent(1, 3, 0.9), seconds });
    const done = { type: 'done', epochs: 3, stopped: false, seconds: 5, finalLoss: 0.1, trainAccuracy: 0.9 } as const;
    // Cut off after two epochs (2 s + 3 s), resumed, and ended after 5 s of wall time.
    const events = [runEvent('/r'), epoch(2), epoch(3), runEvent('/r', 2), epoch(4), done];
    expect(trainingSeconds({ events })).toBe(2 + 3 + 5);
    expect(trainingSeconds({ events: events.slice(0, 5) })).toBe(2 + 3 + 4);
  });

  it('resolves a run id inside the runs folder only, and refuses every hostile id with RunIdError', () => {
    expect(resolveRunId(runsDir, ids[0]!).path).toBe(join(runsDir, ids[0]!));
    for (const id of [...HOSTILE, 'no-such-run']) expect(() => resolveRunId(runsDir, id)).toThrow(RunIdError);
    expect(() => resolveRunId(runsDir, '../outside')).toThrow(/no path separator/);
    expect(() => resolveRunId(runsDir, '..')).toThrow(/has no "\.\."/);
    expect(() => resolveRunId(runsDir, 'no-such-run')).toThrow(`there is no such run in ${runsDir}`);
  });

  it('drops a page request naming a run by a path, before any lookup', async () => {
    for (const runId of HOSTILE) {
      for (const type of ['openRun', 'revealRun', 'deleteRun'])
        expect(parseWebviewMessage({ type, runId })).toBe(undefined);
      expect(parseWebviewMessage({ type: 'compareRuns', runIds: [ids[0], runId] })).toBe(undefined);
    }
    recorded.answer = DELETE;
    controller.showDashboard('dashboard');
    const panel = recorded.panels[0];
    panel?.receive({ type: 'deleteRun', runId: '../outside' });
    panel?.receive({ type: 'revealRun', runId: '../outside' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(join(root, 'outside', 'config.json'))).toBe(true);
    expect(recorded.messages).toEqual([]);
    expect(recorded.commands).toEqual([]);
  });

  it('deletes a run only after the modal confirmation, then sends the page the shorter list', async () => {
    const run = join(runsDir, ids[0]!);
    // The dashboard shows the run about to be deleted.
    controller.openRun(resolveRunId(runsDir, ids[0]!));
    const panel = recorded.panels[0];
    // Dismissed: the folder stays.
    await controller.history.handle({ type: 'deleteRun', runId: ids[0]! });
    expect(recorded.messages.at(-1)).toMatchObject({
      kind: 'warning',
      text: `Delete run ${ids[0]}?`,
      buttons: [DELETE],
    });
    expect(existsSync(run)).toBe(true);
    recorded.answer = DELETE;
    await controller.history.handle({ type: 'deleteRun', runId: ids[0]! });
    expect(existsSync(run)).toBe(false);
    expect(readdirNames(runsDir)).toEqual([ids[1]]);
    const sent = panel?.posted.at(-1) as HistoryMessage;
    expect(sent.type).toBe('history');
    expect(sent.runs.map((r) => r.id)).toEqual([ids[1]]);
    // And it moves on to the run left, instead of reading a folder that is gone.
    const lastUpdate = () =>
      (panel?.posted ?? []).filter((m) => (m as { type: string }).type === 'update').at(-1) as
        | { run?: { id: string } }
        | undefined;
    await expect.poll(() => lastUpdate()?.run?.id).toBe(ids[1]);
    expect(controller.shownRun()?.path).toBe(join(runsDir, ids[1]!));
    // Gone now: a second request for it is refused with a message, not thrown.
    await controller.history.handle({ type: 'deleteRun', runId: ids[0]! });
    expect(recorded.messages.at(-1)?.text).toBe(`NN: cannot use run "${ids[0]}": there is no such run in ${runsDir}`);
  });

  it('refuses to delete the run this window trains, and says why', async () => {
    recorded.answer = DELETE;
    await controller.train();
    const scripted = (controller as unknown as { active: { run: ScriptedRun } }).active.run;
    scripted.emit(runEvent(join(runsDir, ids[1]!)));
    await controller.history.handle({ type: 'deleteRun', runId: ids[1]! });
    expect(recorded.messages.at(-1)).toMatchObject({
      kind: 'error',
      text: `NN: run ${ids[1]} is training; stop it (NN: Stop Training) before deleting it.`,
    });
    expect(existsSync(join(runsDir, ids[1]!))).toBe(true);
    expect(controller.history.message().runs[0]).toMatchObject({ id: ids[1], status: 'running' });
    controller.dispose();
  });

  it('NN: Compare Runs… asks for two runs or more and shows them compared in the dashboard', async () => {
    // One run is left after the deletion above; a second, with another learning rate, makes two.
    const config = makeTrainConfig({ outDir: runsDir, hiddenLayers: [16], limit: 400, epochs: 1, batchSize: 50 });
    const third = basename(
      (await trainMnist({ ...config, learningRate: 0.01, dataDir: bundledData }, { workerPath })).runDir,
    );
    recorded.quickPick = (items) => items as never;
    expect(await compareRunsCommand(controller)).toEqual([third, ids[1]]);
    expect(recorded.quickPickItems[0]?.map((item) => item.label)).toEqual([third, ids[1]]);
    const shown = recorded.panels[0]?.posted.find((m) => (m as { type: string }).type === 'compare') as CompareMessage;
    expect(shown.runs.map((run) => run.id)).toEqual([third, ids[1]]);
    const rate = (i: number) => shown.runs[i]?.settings.find(([name]) => name === 'learning rate')?.[1];
    expect([rate(0), rate(1)]).toEqual(['0.01 (cosine)', '0.003 (cosine)']);
    // Fewer than two picked: nothing is compared.
    recorded.quickPick = (items) => items.slice(0, 1) as never;
    expect(await compareRunsCommand(controller)).toBeUndefined();
    expect(recorded.messages.at(-1)?.text).toBe('NN: pick two runs or more to compare.');
  }, 60_000);
});

function readdirNames(dir: string): string[] {
  return listRuns(dir).map((run) => basename(run.path));
}
