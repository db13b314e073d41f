import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainConfig } from '../config/train-config';
import { RunFolderError } from '../errors';
import type { TrainEvent, TrainResult } from '../train-events';
import { writeFileAtomic } from './atomic-write';
import { readConfigFile } from './config-file';
import { TEST_CELLS_FILE, type TestCells } from './test-cells';
import { UNIT_STATISTICS_FILE, type UnitStatisticsRecord } from './unit-statistics';

/** The files of a run folder, in one place so readers and writers agree. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  /** The network's weights: after each epoch and on stop. Loadable by `nn eval`/`nn predict`. */
  model: 'model.safetensors',
  /** Weights + optimiser state at the last completed epoch: what `resume` continues from. */
  resumeState: 'resume.safetensors',
  summary: 'summary.json',
  /** The test samples in each confusion cell at the newest epoch (see test-cells.ts); absent in older runs. */
  testCells: TEST_CELLS_FILE,
  /** The first hidden layer's units on the test set at the newest epoch (see unit-statistics.ts); absent in older runs. */
  unitStatistics: UNIT_STATISTICS_FILE,
} as const;

/** A run folder being written by a training run. */
export class RunFolder {
  /** Whether metrics.jsonl is known to end on a line break (it may not after a kill mid-write). */
  private metricsEndsCleanly = false;

  private constructor(readonly path: string) {}

  /** Makes `<outDir>/<date>-<time>-<recipe>/` (with a numeric suffix if taken) and writes config.json. */
  static create(config: TrainConfig, now: Date = new Date()): RunFolder {
    const base = resolve(config.outDir, `${timestamp(now)}-${config.recipe}`);
    try {
      mkdirSync(resolve(config.outDir), { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'EEXIST' || code === 'ENOTDIR' ? 'is a file (or inside one), not a folder' : (error as Error).message;
      throw new RunFolderError(resolve(config.outDir), `cannot hold run folders: ${reason}`);
    }
    const path = claimFolder(base);
    const folder = new RunFolder(path);
    writeFileAtomic(join(path, RUN_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
    return folder;
  }

  /** Re-opens an existing run folder to continue it (resume). */
  static open(path: string): RunFolder {
    const full = resolve(path);
    if (!existsSync(join(full, RUN_FILES.config))) {
      throw new RunFolderError(full, `not a run folder (no ${RUN_FILES.config})`);
    }
    return new RunFolder(full);
  }

  file(name: keyof typeof RUN_FILES): string {
    return join(this.path, RUN_FILES[name]);
  }

  readConfig(): TrainConfig {
    return readConfigFile(this.file('config'));
  }

  /** One JSON line per event. Snapshots (raw weights) are left out: they belong in checkpoints. */
  appendEvent(event: TrainEvent): void {
    if (event.type === 'snapshot') return;
    // A run killed mid-write leaves a torn last line; the next event must not be glued onto it.
    const start = this.metricsEndsCleanly || endsOnLineBreak(this.file('metrics')) ? '' : '\n';
    appendFileSync(this.file('metrics'), `${start}${JSON.stringify(event)}\n`);
    this.metricsEndsCleanly = true;
  }

  /** `bytes` may be the file's parts in order (`encodeModel`), written without joining them. */
  writeModel(bytes: Uint8Array | readonly Uint8Array[]): string {
    writeFileAtomic(this.file('model'), bytes);
    return this.file('model');
  }

  /** Replaced every epoch; atomic, so a view reading it mid-run sees one epoch's cells, never a mix. */
  writeTestCells(cells: TestCells): void {
    writeFileAtomic(this.file('testCells'), JSON.stringify(cells));
  }

  /** Replaced every epoch, atomically, like the test cells. */
  writeUnitStatistics(statistics: UnitStatisticsRecord): void {
    writeFileAtomic(this.file('unitStatistics'), JSON.stringify(statistics));
  }

  /** As `writeModel`, for resume.safetensors. */
  writeResumeState(bytes: Uint8Array | readonly Uint8Array[]): void {
    writeFileAtomic(this.file('resumeState'), bytes);
  }

  /**
   * A run ended by divergence: summary.json says it stopped after its last whole epoch (whose checkpoint stays), so
   * no summary of an earlier ending is left claiming otherwise. The reason is in metrics.jsonl.
   */
  recordDivergence(completedEpochs: number, seconds: number): void {
    this.writeSummary({
      runDir: this.path,
      epochs: completedEpochs,
      testAccuracy: undefined,
      testLoss: undefined,
      trainAccuracy: undefined,
      finalLoss: undefined,
      secondsPerEpoch: 0,
      seconds,
      stopped: true,
      confusion: undefined,
      checkpointPath: existsSync(this.file('model')) ? this.file('model') : undefined,
    });
  }

  writeSummary(result: TrainResult): void {
    writeFileAtomic(this.file('summary'), `${JSON.stringify(result, null, 2)}\n`);
  }
}

function endsOnLineBreak(path: string): boolean {
  if (!existsSync(path)) return true;
  const size = statSync(path).size;
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = new Uint8Array(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** 2026-11-25-0512-03: sortable, and legal in file names everywhere. */
function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Creates `base`, or `base-2`, `base-3`, … when taken: mkdir itself is the test, so two processes starting a run in
 * the same second (two editor windows) never share a folder.
 */
function claimFolder(base: string): string {
  for (let n = 1; ; n++) {
    const path = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
