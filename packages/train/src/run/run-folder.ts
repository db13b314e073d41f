import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainConfig } from '../config/train-config';
import { validateConfig } from '../config/validate-config';
import { RunFolderError } from '../errors';
import type { TrainEvent, TrainResult } from '../train-events';
import { writeFileAtomic } from './atomic-write';

/** The files of a run folder, in one place so readers and writers agree. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  /** The network's weights: after each epoch and on stop. Loadable by `nn eval`/`nn predict`. */
  model: 'model.safetensors',
  /** Weights + optimiser state at the last completed epoch: what `resume` continues from. */
  resumeState: 'resume.safetensors',
  summary: 'summary.json',
} as const;

/** A run folder being written by a training run. */
export class RunFolder {
  private constructor(readonly path: string) {}

  /** Makes `<outDir>/<date>-<time>-<recipe>/` (with a numeric suffix if taken) and writes config.json. */
  static create(config: TrainConfig, now: Date = new Date()): RunFolder {
    const base = resolve(config.outDir, `${timestamp(now)}-${config.recipe}`);
    mkdirSync(resolve(config.outDir), { recursive: true });
    let path = base;
    for (let n = 2; existsSync(path); n++) path = `${base}-${n}`;
    mkdirSync(path);
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
    appendFileSync(this.file('metrics'), `${JSON.stringify(event)}\n`);
  }

  writeModel(bytes: Uint8Array): string {
    writeFileAtomic(this.file('model'), bytes);
    return this.file('model');
  }

  writeResumeState(bytes: Uint8Array): void {
    writeFileAtomic(this.file('resumeState'), bytes);
  }

  writeSummary(result: TrainResult): void {
    writeFileAtomic(this.file('summary'), `${JSON.stringify(result, null, 2)}\n`);
  }
}

/** A run read back from disk, for history views and resume. */
export interface RunRecord {
  path: string;
  config: TrainConfig;
  /** Events from metrics.jsonl, in order; a torn last line (killed mid-write) is skipped. */
  events: TrainEvent[];
  /** Present once the run ended (finished or stopped). */
  summary: TrainResult | undefined;
  /** Path of model.safetensors, if any epoch completed or a stop wrote one. */
  modelPath: string | undefined;
  /** Epochs completed according to the metrics. */
  completedEpochs: number;
}

export function readRun(path: string): RunRecord {
  const folder = RunFolder.open(path);
  const config = folder.readConfig();
  const events = readEvents(folder.file('metrics'));
  const summaryPath = folder.file('summary');
  let summary: TrainResult | undefined;
  if (existsSync(summaryPath)) {
    try {
      summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as TrainResult;
    } catch (error) {
      throw new RunFolderError(summaryPath, `unreadable summary: ${(error as Error).message}`);
    }
  }
  let completedEpochs = 0;
  for (const event of events) if (event.type === 'epoch') completedEpochs = event.epoch;
  return {
    path: folder.path,
    config,
    events,
    summary,
    modelPath: existsSync(folder.file('model')) ? folder.file('model') : undefined,
    completedEpochs,
  };
}

/** Every run folder directly inside `folder`, newest first; folders that are not runs are skipped. */
export function listRuns(folder: string): RunRecord[] {
  const root = resolve(folder);
  if (!existsSync(root)) return [];
  const runs: RunRecord[] = [];
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (!statSync(path).isDirectory() || !existsSync(join(path, RUN_FILES.config))) continue;
    try {
      runs.push(readRun(path));
    } catch {
      // A run folder being created right now or damaged by hand: not listable, and not worth failing the list.
    }
  }
  return runs.sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
}

function readConfigFile(path: string): TrainConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RunFolderError(path, `unreadable config: ${(error as Error).message}`);
  }
  try {
    return validateConfig(parsed);
  } catch (error) {
    throw new RunFolderError(path, (error as Error).message);
  }
}

function readEvents(path: string): TrainEvent[] {
  if (!existsSync(path)) return [];
  const events: TrainEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as TrainEvent);
    } catch {
      // Only the last line can be torn (appends are sequential); skip it.
    }
  }
  return events;
}

/** 2026-11-25-0512-03: sortable, and legal in file names everywhere. */
function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
