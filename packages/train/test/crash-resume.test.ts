import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { loadModel, readRun } from '../src/index';
import { finished, runCli, startCli, waitForOutput } from './cli-process';
import { tempDir } from './support';

/** A handful inside `pnpm test`; NN_CRASH_KILLS=50 for the full version. */
const KILLS = Number(process.env.NN_CRASH_KILLS ?? 4);
const SEED = Number(process.env.NN_CRASH_SEED ?? 16);
/** A tiny network on 500 images: three epochs take well under a second after start-up. */
const TRAIN = ['--hidden', '16', '--limit', '500', '--epochs', '3', '--batch', '25', '--threads', '1', '--json'];

function runFolderIn(outDir: string): string | undefined {
  const names = existsSync(outDir) ? readdirSync(outDir) : [];
  return names.length > 0 ? join(outDir, names[0]!) : undefined;
}

/**
 * Kills `nn train` (or `--resume`) with SIGKILL: at a random moment or (more often) just after an epoch line,
 * which is when the checkpoint files are being written. Resolves with the exit code (null when killed).
 */
async function trainUntilKilled(args: string[], rng: SeededRandom): Promise<{ code: number | null; stderr: string }> {
  const child = startCli(args);
  const done = finished(child);
  if (rng.next() < 0.6) {
    // After epoch 2 or 3's line, epoch 1's checkpoint is on disk and the next one is being written.
    const epoch = 1 + rng.int(3);
    await Promise.race([waitForOutput(child, (o) => new RegExp(`^epoch ${epoch}/`, 'm').test(o.stderr)), done]);
    await new Promise((resolve) => setTimeout(resolve, rng.next() * 30));
  } else {
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 200 + rng.next() * 1000)), done]);
  }
  child.kill('SIGKILL');
  return await done;
}

describe('SIGKILL at random moments, then resume', () => {
  it(
    `after each of ${KILLS} kills the checkpoint loads, and resume reaches the uninterrupted weights`,
    async () => {
      const reference = tempDir();
      const uninterrupted = await runCli(['train', ...TRAIN, '--out', reference]);
      expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
      const expected = loadModel(runFolderIn(reference)!).network.parameters();

      const rng = new SeededRandom(SEED);
      let kills = 0;
      let finishedRuns = 0;
      /** Kills that found at least one checkpoint on disk: the ones that test resuming rather than starting over. */
      let killsAfterCheckpoint = 0;
      while (kills < KILLS) {
        const outDir = tempDir();
        let ended: { code: number | null; stderr: string };
        do {
          const runDir = runFolderIn(outDir);
          ended = await trainUntilKilled(
            runDir ? ['train', '--resume', runDir] : ['train', ...TRAIN, '--out', outDir],
            rng,
          );
          if (ended.code === null) kills++;
          // A kill after the last checkpoint but before exit leaves nothing to resume; any other failure is a bug.
          else if (ended.code !== 0) expect(ended.stderr).toMatch(/already completed all 3 epochs/);
          const after = runFolderIn(outDir);
          // Whatever the moment, what is on disk is whole: the run folder reads and its model (if any) loads.
          if (after !== undefined) {
            const run = readRun(after);
            if (run.modelPath) expect(loadModel(run.modelPath).network.layerSizes).toEqual([784, 16, 10]);
            if (ended.code === null && run.modelPath) killsAfterCheckpoint++;
          }
        } while (ended.code === null && kills < KILLS);
        const runDir = runFolderIn(outDir);
        if (runDir === undefined) continue;
        // Finish the run (without killing it) and compare with the run that was never interrupted.
        if (ended.code === null) {
          const resumed = await runCli(['train', '--resume', runDir]);
          if (resumed.code !== 0) expect(resumed.stderr).toMatch(/already completed all 3 epochs/);
        }
        expect(loadModel(runDir).network.parameters()).toEqual(expected);
        finishedRuns++;
      }
      expect(kills).toBe(KILLS);
      expect(finishedRuns).toBeGreaterThan(0);
      process.stdout.write(
        `crash test: ${kills} kills survived (${killsAfterCheckpoint} with a checkpoint on disk) over ` +
          `${finishedRuns} runs (seed ${SEED})\n`,
      );
    },
    60_000 + KILLS * 10_000,
  );
});
