/**
 * The messages between the extension host and the dashboard webview. Both sides import this one file
 * (the webview bundle through tsup), so a change to a message is a compile error on both ends.
 * Everything that arrives over `postMessage` is checked with the validators below before use.
 */

import type {
  BatchPoint,
  ConfusionShown,
  EpochPoint,
  PadModel,
  RunStatus,
  RunSummary,
  WeightsSnapshot,
  WireLayer,
} from '@nn/views/view-data';
import {
  type CellDigitsMessage,
  type CellDigitsRequest,
  isCellDigitsMessage,
  isConfusionShown,
  parseCellDigitsRequest,
} from './protocol-confusion';
import {
  type CompareMessage,
  type HistoryMessage,
  type HistoryRequest,
  isCompareMessage,
  isHistoryMessage,
  parseHistoryRequest,
} from './protocol-history';
import { isPadModel, isPadPictureMessage, type PadPictureMessage } from './protocol-pad';

export type {
  BatchPoint,
  ConfusionShown,
  EpochPoint,
  PadModel,
  RunStatus,
  RunSummary,
  WeightsSnapshot,
  WireLayer,
} from '@nn/views/view-data';
export type { CellDigitsMessage, CellDigitsRequest } from './protocol-confusion';
export type { CompareMessage, HistoryMessage, HistoryRequest, HistoryRun, HistoryStatus } from './protocol-history';
export type { PadPictureMessage } from './protocol-pad';

/** Which part of the dashboard is shown: everything, or the weight heatmaps on their own. */
export type DashboardView = 'dashboard' | 'weights';

/**
 * One throttled update. `run` (when present) describes the run: a new id makes the webview clear what it drew
 * before applying the rest. Points are appended; `weights` replaces the previous snapshot. The page answers an
 * update that carries weights with `drawn` and its `seq`; until then the host sends no further weights.
 */
export interface UpdateMessage {
  type: 'update';
  seq: number;
  run?: RunSummary;
  status?: RunStatus;
  /** The points in this message replace all the page shows of the run (a resumed run redoes an epoch). */
  reset?: boolean;
  /** Set with a final status: the run stopped early and has a resume checkpoint. */
  resumable?: boolean;
  /**
   * Set with a final status: test accuracy of the weights the run saved (for a stopped run, those at the stop,
   * not those of its last whole epoch), the one figure the notification and the dashboard both report.
   */
  finalTestAccuracy?: number;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  weights?: WeightsSnapshot;
  /** The newest epoch's test-set confusion, when it changed (replaces the one shown). */
  confusion?: ConfusionShown;
  /** Every weight, for the digit pad: sent at most every few seconds, the newest only; never saved by the page. */
  padModel?: PadModel;
}

export interface ShowViewMessage {
  type: 'view';
  view: DashboardView;
}

export type HostToWebview =
  | UpdateMessage
  | ShowViewMessage
  | CellDigitsMessage
  | PadPictureMessage
  | HistoryMessage
  | CompareMessage
;

/** The webview asks for everything so far (after it loads, is revived or comes back from hiding). */
export interface ReadyMessage {
  type: 'ready';
}

/** The webview reports a problem it met; the host writes it to the output channel. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

/** The page drew the update `seq` (with its weights): the host may send the next snapshot. */
export interface DrawnMessage {
  type: 'drawn';
  seq: number;
}

/**
 * The user reached for the digit pad (the pointer over it, a stroke, a picture shown): from now on the host sends
 * this page the run's full network for it. Pages that never use the pad are not sent megabytes they do not need.
 */
export interface PadWantedMessage {
  type: 'padWanted';
}

/** The user pressed "Train MNIST" in the empty dashboard. */
export interface TrainMessage {
  type: 'train';
}

/** The user pressed "Resume" on a stopped run; the host looks `runId` up inside its runs folder. */
export interface ResumeMessage {
  type: 'resume';
  runId: string;
}

export type WebviewToHost =
  | ReadyMessage
  | WebviewErrorMessage
  | DrawnMessage
  | PadWantedMessage
  | ResumeMessage
  | TrainMessage
  | CellDigitsRequest
  | HistoryRequest;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Losses can be NaN or Infinity when a run diverges; that is data, not a malformed message. */
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);

const RUN_STATUSES: readonly string[] = ['running', 'stopping', 'finished', 'stopped', 'failed'];
const VIEWS: readonly string[] = ['dashboard', 'weights'];

function isRunSummary(value: unknown): value is RunSummary {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    Array.isArray(value.layerSizes) &&
    value.layerSizes.every(isCount) &&
    isCount(value.epochs) &&
    isCount(value.batchesPerEpoch) &&
    Array.isArray(value.settings) &&
    value.settings.every(
      (row) => Array.isArray(row) && row.length === 2 && row.every((cell) => typeof cell === 'string'),
    )
  );
}

function isBatchPoint(value: unknown): value is BatchPoint {
  return (
    isObject(value) &&
    isCount(value.step) &&
    isCount(value.epoch) &&
    isCount(value.batch) &&
    isNumber(value.loss) &&
    isNumber(value.smoothedLoss) &&
    isFiniteNumber(value.samplesPerSecond)
  );
}

function isEpochPoint(value: unknown): value is EpochPoint {
  return (
    isObject(value) &&
    isCount(value.epoch) &&
    isNumber(value.loss) &&
    isFiniteNumber(value.trainAccuracy) &&
    optional(value.testLoss, isNumber) &&
    optional(value.testAccuracy, isFiniteNumber) &&
    optional(value.learningRate, isFiniteNumber) &&
    optional(value.samplesPerSecond, isFiniteNumber)
  );
}

const isIndexList = (value: unknown, size: unknown): value is number[] =>
  Array.isArray(value) && value.every((i) => isCount(i) && i < (size as number));

function isWireLayer(value: unknown): value is WireLayer {
  return (
    isObject(value) &&
    isCount(value.rows) &&
    isCount(value.cols) &&
    isIndexList(value.units, value.rows) &&
    isIndexList(value.inputs, value.cols) &&
    value.weights instanceof Float32Array &&
    value.weights.length === value.units.length * value.inputs.length
  );
}

function isWeightsSnapshot(value: unknown): value is WeightsSnapshot {
  return (
    isObject(value) &&
    isCount(value.epoch) &&
    isCount(value.batch) &&
    Array.isArray(value.layers) &&
    value.layers.every(isWireLayer)
  );
}

/** Checks a message for the webview; returns it typed, or undefined when it is unknown or malformed. */
export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'view') {
    return typeof value.view === 'string' && VIEWS.includes(value.view)
      ? (value as unknown as ShowViewMessage)
      : undefined;
  }
  if (value.type === 'cellDigits')
    return isCellDigitsMessage(value) ? (value as unknown as CellDigitsMessage) : undefined;
  if (value.type === 'padPicture') {
    return isPadPictureMessage(value) ? (value as unknown as PadPictureMessage) : undefined;
  }
  if (value.type === 'history') return isHistoryMessage(value) ? (value as unknown as HistoryMessage) : undefined;
  if (value.type === 'compare') return isCompareMessage(value) ? (value as unknown as CompareMessage) : undefined;
  if (value.type !== 'update') return undefined;
  const valid =
    isCount(value.seq) &&
    optional(value.run, isRunSummary) &&
    optional(value.resumable, (r) => typeof r === 'boolean') &&
    optional(value.reset, (r) => typeof r === 'boolean') &&
    optional(value.finalTestAccuracy, isFiniteNumber) &&
    optional(value.status, (s) => typeof s === 'string' && RUN_STATUSES.includes(s)) &&
    Array.isArray(value.batches) &&
    value.batches.every(isBatchPoint) &&
    Array.isArray(value.epochs) &&
    value.epochs.every(isEpochPoint) &&
    optional(value.weights, isWeightsSnapshot) &&
    optional(value.confusion, isConfusionShown) &&
    optional(value.padModel, isPadModel);
  return valid ? (value as unknown as UpdateMessage) : undefined;
}

/** Checks a message from the webview; returns it typed, or undefined when it is unknown or malformed. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'ready') return { type: 'ready' };
  if (value.type === 'error' && typeof value.message === 'string') return { type: 'error', message: value.message };
  if (value.type === 'train') return { type: 'train' };
  if (value.type === 'drawn' && isCount(value.seq)) return { type: 'drawn', seq: value.seq };
  if (value.type === 'padWanted') return { type: 'padWanted' };
  if (value.type === 'resume' && typeof value.runId === 'string') return { type: 'resume', runId: value.runId };
  if (value.type === 'cellDigits') return parseCellDigitsRequest(value);
  return parseHistoryRequest(value);
}

/** A short description of a rejected message for the log, without dumping megabytes of weights. */
export function describeMessage(value: unknown): string {
  if (!isObject(value)) return typeof value;
  const type = typeof value.type === 'string' ? value.type : '(no type)';
  return `type ${JSON.stringify(type)} with fields ${Object.keys(value).sort().join(', ')}`;
}
