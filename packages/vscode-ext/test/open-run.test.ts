import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { listRuns, makeTrainConfig, trainMnist } from '@nn/train';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Uri } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { openRunCommand } from '../src/open-run';
import { findRun, isBeingWritten, isResumable, loadRun, newestRun } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { recorded, resetFake } from './fake-vscode';
import { bundledData, missingBuild, workerPath } from './recorded-run';
import { ScriptedRun } from './scripted-run';

const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(`NN: Open Run…${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'nn-open-run-'));
  const ids: string[] = [];
  let controller: TrainingController;

  beforeAll(async () => {
    // Two real runs in one runs folder: an older one with 8 hidden units, a newer one with 16.
    for (const hidden of [8, 16]) {
      const config = makeTrainConfig({ outDir: runsDir, hiddenLayers: [hidden], limit: 400, epochs: 1, batchSize: 50 });
      ids.push(basename((await trainMnist({ ...config, dataDir: bundledData }, { workerPath })).runDir));
      // Run folders are named by the second they start in.
      await new Promise((resolve) => setTimeout(resolve, 1100));
    }
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

  it('lists the runs newest first and shows the picked one in the dashboard', async () => {
    expect((await controller.replay())?.run?.id).toBe(ids[1]);
    recorded.quickPick = (items) => items.find((item) => item.label === ids[0]);
    expect(await openRunCommand(controller)).toBe(ids[0]);
    const offered = recorded.quickPickItems[0] ?? [];
    expect(offered.map((item) => item.label)).toEqual([ids[1], ids[0]]);
    expect(offered[1]?.description).toMatch(/^default · finished · \d+\.\d\d% test accuracy$/);
    expect(offered[1]?.detail).toBe('1/1 epochs · hidden 8 · digits');
    const shown = await controller.replay();
    expect(shown?.run?.id).toBe(ids[0]);
    expect(shown?.run?.layerSizes).toEqual([784, 8, 10]);
    expect(controller.shownRun()?.path).toBe(join(runsDir, ids[0]!));
    expect(DashboardPanel.current).toBeDefined();
  });

  it('keeps the dashboard on a training run, and changes nothing when the picker is dismissed', async () => {
    recorded.quickPick = () => undefined;
    expect(await openRunCommand(controller)).toBeUndefined();
    expect((await controller.replay())?.run?.id).toBe(ids[1]);
    await controller.train();
    recorded.quickPick = (items) => items.find((item) => item.label === ids[0]);
    expect(await openRunCommand(controller)).toBeUndefined();
    expect(recorded.messages.at(-1)?.text).toBe(
      'NN: a run is training and the dashboard follows it; open another run once it has ended.',
    );
    controller.dispose();
  });

  it('says how to make a run when the folder has none', async () => {
    recorded.settings = { 'nn.runsFolder': mkdtempSync(join(tmpdir(), 'nn-no-runs-')) };
    expect(await openRunCommand(controller)).toBeUndefined();
    expect(recorded.messages.at(-1)?.text).toBe('NN: no runs yet in the runs folder. Train MNIST to make one.');
    expect(recorded.quickPickItems).toHaveLength(0);
  });
});
