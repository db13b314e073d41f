import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainConfig } from '../config/train-config';
import { RunFolderError } from '../errors';
import type { TrainEvent, TrainResult } from '../train-events';
import { RUN_FILES, RunFolder } from './run-folder';
import { isConfusionMatrix } from './test-cells';
import { isWeightHistograms } from './weight-histograms';

/** A run read back from disk, for history views and resume. */
export interface RunRecord {
  path: string;
  config: TrainConfig;
  /** Events from metrics.jsonl, in order; torn lines (a run killed mid-write) are skipped. */
  events: TrainEvent[];
  /** Line numbers (from 1) of metrics.jsonl lines that are not whole events and were skipped. */
  skippedLines: number[];
  /** Present once the run ended (finished or stopped). */
  summary: TrainResult | undefined;
  /** Path of model.safetensors, if any epoch completed or a stop wrote one. */
  modelPath: string | undefined;
  /**
   * Epochs completed according to the metrics: by their `epoch` events or, for a run killed between the two, by
   * the `checkpoint` event that precedes each (written once the epoch's resume state and model are on disk).
   */
  completedEpochs: number;
}

/** A run folder's config, events, summary and model path; throws RunFolderError naming what is missing or broken. */
export function readRun(path: string): RunRecord {
  const folder = RunFolder.open(path);
  const config = folder.readConfig();
  const { events, skippedLines } = readEvents(folder.file('metrics'));
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
  for (const event of events) {
    if ((event.type === 'epoch' || event.type === 'checkpoint') && event.epoch > completedEpochs) {
      completedEpochs = event.epoch;
    }
  }
  return {
    path: folder.path,
    config,
    events,
    skippedLines,
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
    try {
      // Inside the try: a dangling symlink or an entry deleted since readdir fails statSync.
      if (!statSync(path).isDirectory() || !existsSync(join(path, RUN_FILES.config))) continue;
      runs.push(readRun(path));
    } catch {
      // A run folder being created right now or damaged by hand: not listable, and not worth failing the list.
    }
  }
  return runs.sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
}

function readEvents(path: string): { events: TrainEvent[]; skippedLines: number[] } {
  const events: TrainEvent[] = [];
  const skippedLines: number[] = [];
  if (!existsSync(path)) return { events, skippedLines };
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        // A torn line: the end of a run that was killed while appending (a resumed run starts a fresh line).
      }
      if (typeof event === 'object' && event !== null && typeof (event as { type?: unknown }).type === 'string') {
        const fields = event as { type: string; confusion?: unknown; histograms?: unknown };
        // A damaged confusion or histogram loses only itself: the epoch's figures are still worth drawing.
        if (fields.type === 'epoch' && 'confusion' in fields && !isConfusionMatrix(fields.confusion)) {
          delete fields.confusion;
        }
        if (fields.type === 'epoch' && 'histograms' in fields && !isWeightHistograms(fields.histograms)) {
          delete fields.histograms;
        }
        events.push(event as TrainEvent);
      } else {
        skippedLines.push(i + 1);
      }
    });
  return { events, skippedLines };
}
