import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RUN_FILES } from '@nn/train';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recorded, resetFake } from './fake-vscode';
import { type RealWindow, realWindow, TINY_RUN, until } from './real-window';
import { missingBuild } from './recorded-run';

const skipReason = missingBuild();
let windows: RealWindow[];

const runDirOf = (window: RealWindow | undefined): string =>
  (window?.events.find((e) => e.type === 'run')?.runDir as string | undefined) ?? '(no run event)';
const state = () => ({
  events: windows.map((w) => w.events.map((e) => e.type).join(' ')),
  messages: recorded.messages.map((m) => m.text),
});

beforeEach(() => {
  resetFake();
  // Two windows on one workspace: both train into its one runs folder.
  recorded.workspaceFolder = mkdtempSync(join(tmpdir(), 'nn-two-windows-'));
  recorded.settings = { ...TINY_RUN };
  windows = [];
});
afterEach(() => {
  for (const window of windows) window.controller.dispose();
});

describe.skipIf(skipReason)(`two windows over one runs folder${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('train at once into different run folders, each window reporting its own run', async () => {
    windows = [realWindow(), realWindow()];
    // Often started within one second: the folder names then share their timestamp and one gets a suffix.
    await Promise.all(windows.map((w) => w.controller.train()));
    await until(() => recorded.messages.length === 2, 'both runs to finish', state);
    const [first = '', second = ''] = windows.map(runDirOf);
    expect(first).not.toBe(second);
    for (const dir of [first, second]) {
      expect(JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8'))).toMatchObject({
        stopped: false,
        epochs: 2,
        runDir: dir,
      });
      // Each metrics file holds one run's events: its own folder, once.
      const runs = readFileSync(join(dir, RUN_FILES.metrics), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"type":"run"'));
      expect(runs.map((line) => JSON.parse(line).runDir)).toEqual([dir]);
    }
    expect(recorded.messages.map((m) => m.text.split(' ')[2]).sort()).toEqual(
      [basename(first), basename(second)].sort(),
    );
    expect(recorded.statusBars.map((bar) => bar.text.endsWith('· 2 epochs'))).toEqual([true, true]);
  });

  it('refuses to resume a run another window is training (two workers would write one folder)', async () => {
    // Long enough epochs that the first window is still writing batches when the second asks to resume, and has not
    // finished (and announced it) after the 2 s the refusal watches for: whole MNIST in batches of 25, 10 epochs.
    recorded.settings = { ...TINY_RUN, 'nn.limit': 60_000, 'nn.hiddenLayers': '128', 'nn.epochs': 10 };
    let asked: Promise<void> | undefined;
    const other = realWindow();
    const training = realWindow({
      onEvent: (event) => {
        if (event.type === 'checkpoint' && event.epoch === 1) asked ??= other.controller.resume();
      },
    });
    windows = [training, other];
    await training.controller.train();
    await until(() => asked !== undefined, 'the first checkpoint', state);
    await asked;
    expect(other.controller.isTraining).toBe(false);
    expect(recorded.messages.map((m) => m.text)).toEqual([
      `NN: run ${runDirOf(training)} is still training in another window.`,
    ]);
    training.controller.stop();
    await until(() => !training.controller.isTraining, 'the first window to stop', state);
    expect(other.events).toEqual([]);
  });
});
