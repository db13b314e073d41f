/**
 * The run history's part of the dashboard protocol (protocol.ts holds the rest): the host lists the runs folder; the
 * page asks to compare, open, reveal or delete runs by their ids, which the host looks up inside its runs folder
 * (run-id.ts). An id is a folder name, never a path: one with a separator or `..` is refused on both sides.
 */
import type { ComparedRun } from '@nn/views/compare-view';

/** How a run in the folder ended, or that it is the one training now; `interrupted`: cut off with no summary. */
export type HistoryStatus = 'running' | 'finished' | 'stopped' | 'interrupted';

/** One row of the history: what tells runs apart at a glance. */
export interface HistoryRun {
  id: string;
  recipe: string;
  /** The settings that matter most, in one line: layers, activation, optimiser and rate, batch, data set. */
  settings: string;
  completedEpochs: number;
  epochs: number;
  /** The final test accuracy of a run that ended, else the newest epoch's. */
  testAccuracy?: number;
  /** When the run started, in ms since 1970. */
  started: number;
  /** Seconds spent training. */
  seconds: number;
  status: HistoryStatus;
}

/** The runs folder's runs, newest first; sent when the page loads and whenever a run starts, ends or is deleted. */
export interface HistoryMessage {
  type: 'history';
  folder: string;
  runs: HistoryRun[];
}

/** The answer to `compareRuns`: the runs' curves and settings for @nn/views' CompareView, or why there are none. */
export interface CompareMessage {
  type: 'compare';
  runs: ComparedRun[];
  problem?: string;
}

/** The page asks the host to act on runs it lists. */
export type HistoryRequest =
  | { type: 'compareRuns'; runIds: string[] }
  | { type: 'openRun' | 'revealRun' | 'deleteRun'; runId: string };

type Fields = Record<string, unknown>;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const HISTORY_STATUSES: readonly string[] = ['running', 'finished', 'stopped', 'interrupted'];
const RUN_ACTIONS: readonly string[] = ['openRun', 'revealRun', 'deleteRun'];

/**
 * Why `value` cannot name a run folder, or undefined when it can: a run id is a plain folder name, so anything that
 * could lead out of the runs folder (a separator, `..`, a drive colon, a NUL) is refused before any lookup.
 */
export function runIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'a run id is a non-empty string';
  if (value.length > 200) return 'a run id is at most 200 characters';
  if (/[/\\:\0]/.test(value)) return 'a run id is a folder name: no path separator, colon or NUL';
  if (value.includes('..')) return 'a run id has no ".."';
  return undefined;
}

export const isRunId = (value: unknown): value is string => runIdProblem(value) === undefined;

function isHistoryRun(value: unknown): value is HistoryRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Fields;
  return (
    isRunId(run.id) &&
    typeof run.recipe === 'string' &&
    typeof run.settings === 'string' &&
    isCount(run.completedEpochs) &&
    isCount(run.epochs) &&
    (run.testAccuracy === undefined || isFiniteNumber(run.testAccuracy)) &&
    isFiniteNumber(run.started) &&
    isFiniteNumber(run.seconds) &&
    typeof run.status === 'string' &&
    HISTORY_STATUSES.includes(run.status)
  );
}

export function isHistoryMessage(value: Fields): boolean {
  return typeof value.folder === 'string' && Array.isArray(value.runs) && value.runs.every(isHistoryRun);
}

function isComparedRun(value: unknown): value is ComparedRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Fields;
  return (
    typeof run.id === 'string' &&
    typeof run.status === 'string' &&
    Array.isArray(run.epochs) &&
    run.epochs.every((point) => typeof point === 'object' && point !== null && isCount((point as Fields).epoch)) &&
    Array.isArray(run.settings) &&
    run.settings.every((row) => Array.isArray(row) && row.length === 2 && row.every((c) => typeof c === 'string')) &&
    (run.finalTestAccuracy === undefined || isFiniteNumber(run.finalTestAccuracy))
  );
}

export function isCompareMessage(value: Fields): boolean {
  return (
    Array.isArray(value.runs) &&
    value.runs.every(isComparedRun) &&
    (value.problem === undefined || typeof value.problem === 'string')
  );
}

/** The page's request, typed, or undefined when it is malformed or names a run by anything but a plain id. */
export function parseHistoryRequest(value: Fields): HistoryRequest | undefined {
  if (value.type === 'compareRuns') {
    const ids = value.runIds;
    return Array.isArray(ids) && ids.length >= 2 && ids.length <= 12 && ids.every(isRunId)
      ? { type: 'compareRuns', runIds: [...ids] }
      : undefined;
  }
  if (typeof value.type === 'string' && RUN_ACTIONS.includes(value.type) && isRunId(value.runId)) {
    return { type: value.type as 'openRun' | 'revealRun' | 'deleteRun', runId: value.runId };
  }
  return undefined;
}
