import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSafetensors } from '@nn/mlp';
import { RUN_FILES } from '@nn/train';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Uri, ViewColumn, window as vscodeWindow } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { parseHostMessage, type UpdateMessage } from '../src/protocol';
import { recorded, resetFake } from './fake-vscode';
import { type RealWindow, realWindow, TINY_RUN, until } from './real-window';
import { missingBuild } from './recorded-run';

const skipReason = missingBuild();
let workspace: string;
let window: RealWindow | undefined;

/** The OS threads of this process: a worker thread left running after its run ended would be one more. */
const threadCount = () => readdirSync('/proc/self/task').length;
const updates = (index = 0): UpdateMessage[] =>
  (recorded.panels[index]?.posted ?? [])
    .map((m) => parseHostMessage(m))
    .filter((m): m is UpdateMessage => m?.type === 'update');
/** The last of `items` that `test` accepts (Array#findLast is ES2023, past this package's lib). */
const lastOf = <T>(items: T[], test: (item: T) => boolean): T | undefined => items.filter(test).at(-1);
const lastStatus = (index = 0) => lastOf(updates(index), (u) => u.status !== undefined)?.status;

/** What a hung wait reports: the window's events, messages and the dashboard's last status. */
const state = () => ({
  events: window?.events.map((e) => e.type).join(' '),
  training: window?.controller.isTraining,
  messages: recorded.messages.map((m) => m.text),
  status: lastStatus(),
  lines: window?.lines.slice(-5),
});

beforeEach(() => {
  resetFake();
  workspace = mkdtempSync(join(tmpdir(), 'nn-faults-'));
  recorded.workspaceFolder = workspace;
  recorded.settings = { ...TINY_RUN };
});
afterEach(() => {
  DashboardPanel.current?.dispose();
  window?.controller.dispose();
  window = undefined;
});

describe.skipIf(skipReason)(
  `extension fault paths with real workers${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('cancel during the first batch: stopped with no epoch, nothing to resume, the worker gone', async () => {
      const threads = threadCount();
      // An epoch of many 100 ms turns of the worker's event loop (fit takes a stop at the next turn): all 60 000
      // images in batches of 25, so the stop lands inside the first epoch however fast the machine or however late a
      // loaded machine hands the batch event over (20 000 images once let a loaded run finish its epoch first).
      recorded.settings = { ...TINY_RUN, 'nn.limit': 60_000, 'nn.hiddenLayers': '128' };
      let cancelled = false;
      window = realWindow({
        onEvent: (event) => {
          // The first batch event of epoch 1, whichever batch it reports: a step quicker than the events' 10 ms
          // interval (the whole step in WebAssembly, a fast machine) sends none for batch 1.
          if (event.type === 'batch' && event.epoch === 1 && !cancelled) {
            cancelled = true;
            recorded.progress[0]?.cancel();
          }
        },
      });
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      await until(() => !window?.controller.isTraining, 'the run to end', state);
      await until(() => lastStatus() === 'stopped', 'the dashboard to say stopped', state);
      const ended = lastOf(updates(), (u) => u.status === 'stopped');
      expect(ended?.resumable).toBe(false);
      expect(window.events.filter((e) => e.type === 'epoch')).toEqual([]);
      const runDir = window.events.find((e) => e.type === 'run')?.runDir as string;
      expect(existsSync(join(runDir, RUN_FILES.resumeState))).toBe(false);
      expect(window.lines).toContain('Stopping after the current batch; the last checkpoint is kept.');
      await until(() => recorded.messages.length > 0, 'the end notification', state);
      expect(recorded.messages.at(-1)?.text).toMatch(/^NN: run .+ stopped, test accuracy \d+\.\d%\.$/);
      expect(threadCount()).toBeLessThanOrEqual(threads);
    });

    it('cancel as epoch 1 is checkpointed: the stop writes a checkpoint that loads, and the run can resume', async () => {
      // Epochs long enough for the stop to land inside epoch 2 (see the test above).
      recorded.settings = { ...TINY_RUN, 'nn.limit': 60_000, 'nn.hiddenLayers': '128' };
      window = realWindow({
        onEvent: (event) => {
          // The controller starts reading this checkpoint now, while the stop makes the worker write the next one.
          if (event.type === 'checkpoint' && event.epoch === 1) recorded.progress[0]?.cancel();
        },
      });
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      await until(() => lastStatus() === 'stopped', 'the dashboard to say stopped', state);
      expect(lastOf(updates(), (u) => u.status === 'stopped')?.resumable).toBe(true);
      const runDir = window.events.find((e) => e.type === 'run')?.runDir as string;
      for (const file of [RUN_FILES.model, RUN_FILES.resumeState]) {
        expect(decodeSafetensors(readFileSync(join(runDir, file))).tensors.has('layers.0.weight')).toBe(true);
      }
      // Written by temp file + rename: no half-written file stays beside them.
      expect(readdirSync(runDir).sort()).toEqual(Object.values(RUN_FILES).sort());
      expect(JSON.parse(readFileSync(join(runDir, RUN_FILES.summary), 'utf8'))).toMatchObject({
        stopped: true,
        epochs: 1,
      });

      // The dashboard's Resume button continues it in its folder, to the end.
      recorded.panels[0]?.receive({ type: 'resume', runId: basename(runDir) });
      const finished = () => recorded.messages.find((m) => m.text.includes('finished'));
      await until(() => finished() !== undefined || recorded.messages.length > 1, 'the resumed run to end', state);
      expect(recorded.messages.map((m) => m.text)).toEqual([
        `NN: run ${basename(runDir)} stopped, test accuracy ${recorded.messages[0]?.text.split('accuracy ')[1]}`,
        expect.stringMatching(`^NN: run ${basename(runDir)} finished, test accuracy`),
      ]);
      expect(window.events.filter((e) => e.type === 'run').map((e) => e.runDir)).toEqual([runDir, runDir]);
      expect(JSON.parse(readFileSync(join(runDir, RUN_FILES.summary), 'utf8'))).toMatchObject({
        stopped: false,
        epochs: 2,
      });
    });

    it('closing the dashboard while training: training goes on, the status bar stays, reopening shows the run', async () => {
      window = realWindow();
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      await until(() => window?.events.some((e) => e.type === 'batch') === true, 'the first batch', state);
      recorded.panels[0]?.dispose();
      expect(DashboardPanel.current).toBeUndefined();
      await until(() => window?.events.some((e) => e.type === 'epoch') === true, 'an epoch after the close', state);
      const statusBar = recorded.statusBars[0];
      expect(statusBar?.visible).toBe(true);
      expect(statusBar?.text).toMatch(/NN .*epoch \d\/2/);

      window.controller.showDashboard('dashboard');
      const reopened = recorded.panels[1];
      reopened?.receive({ type: 'ready' });
      await until(() => updates(1).length > 0, 'the replay', state);
      const replay = updates(1)[0] as UpdateMessage;
      const runDir = window.events.find((e) => e.type === 'run')?.runDir as string;
      expect(replay.run?.id).toBe(basename(runDir));
      expect(replay.epochs.map((e) => e.epoch)[0]).toBe(1);
      await until(() => lastStatus(1) === 'finished', 'the run to finish in the reopened dashboard', state);
      // Every message the closed panel got was an update, besides the runs folder's list sent when the run began.
      const notHistory = recorded.panels[0]?.posted.filter((m) => (m as { type?: string }).type !== 'history');
      expect(notHistory?.length).toBe(updates(0).length);
    });

    it('the worker crashing: a message naming the crash, the dashboard says failed, no thread left', async () => {
      const threads = threadCount();
      window = realWindow({ workerFile: fileURLToPath(new URL('./fixtures/crashing-worker.cjs', import.meta.url)) });
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      await until(() => !window?.controller.isTraining, 'the crash', state);
      await until(() => recorded.messages.length > 0, 'the error message', state);
      expect(window.events.some((e) => e.type === 'batch')).toBe(true);
      expect(recorded.messages.at(-1)).toEqual({
        kind: 'error',
        text: 'NN: training failed: training worker crashed: simulated crash after the first batch',
        buttons: [],
      });
      expect(recorded.statusBars[0]?.text).toBe('$(error) NN failed');
      await until(() => lastStatus() === 'failed', 'the dashboard to say failed', state);
      expect(threadCount()).toBeLessThanOrEqual(threads);
    });

    it('reloading the window after a run: the revived dashboard shows the finished run from disk', async () => {
      window = realWindow();
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      // Once the final status is posted, this window's feed has nothing left to send to the next window's panel.
      await until(() => lastStatus() === 'finished', 'the run to finish', state);
      DashboardPanel.current?.dispose();
      const runDir = window.events.find((e) => e.type === 'run')?.runDir as string;
      window.controller.dispose();

      // The reloaded window: a new controller, and the panel VS Code restores handed to the serializer.
      resetFake();
      recorded.workspaceFolder = workspace;
      window = realWindow();
      const restored = vscodeWindow.createWebviewPanel('nn.dashboard', 'NN Dashboard', ViewColumn.Beside, {});
      DashboardPanel.revive(restored, Uri.file('/ext'), { view: 'dashboard' }, window.controller);
      // The fake editor's record of that panel: what its page receives.
      const page = recorded.panels[0];
      page?.receive({ type: 'ready' });
      await until(() => updates(0).length > 0, 'the replay', state);
      const replay = updates(0)[0] as UpdateMessage;
      expect([replay.run?.id, replay.status, replay.resumable]).toEqual([basename(runDir), 'finished', false]);
      expect(replay.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      expect(replay.weights?.epoch).toBe(2);
    });

    it('a run folder deleted while shown: the replay does not reject, and Resume says the folder is gone', async () => {
      recorded.settings = { ...TINY_RUN, 'nn.limit': 60_000, 'nn.hiddenLayers': '128' };
      window = realWindow({
        onEvent: (event) => {
          if (event.type === 'checkpoint' && event.epoch === 1) recorded.progress[0]?.cancel();
        },
      });
      window.controller.showDashboard('dashboard');
      await window.controller.train();
      // Once the final status is posted, this window's feed has nothing left to send to the next window's panel.
      await until(() => lastStatus() === 'stopped', 'the run to stop', state);
      DashboardPanel.current?.dispose();
      const runDir = window.events.find((e) => e.type === 'run')?.runDir as string;
      window.controller.dispose();

      // A reloaded window shows the run from disk; then the folder is deleted and the page asks again.
      resetFake();
      recorded.workspaceFolder = workspace;
      window = realWindow();
      window.controller.showDashboard('dashboard');
      const panel = recorded.panels[0];
      panel?.receive({ type: 'ready' });
      await until(() => updates().length > 0, 'the run read from disk', state);
      expect(updates()[0]?.run?.id).toBe(basename(runDir));
      rmSync(runDir, { recursive: true });
      panel?.receive({ type: 'ready' });
      panel?.receive({ type: 'resume', runId: basename(runDir) });
      await until(() => recorded.messages.length > 0, 'the answer to Resume', state);
      expect(recorded.messages.at(-1)?.text).toBe(
        `NN: run ${basename(runDir)} is no longer in ${join(workspace, '.nn', 'runs')}: its folder was deleted or moved.`,
      );
      expect(window.controller.isTraining).toBe(false);
    });
  },
);
