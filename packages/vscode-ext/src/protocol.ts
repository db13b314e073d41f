/**
 * The messages between the extension host and the dashboard webview. Both sides import this one file
 * (the webview bundle through tsup), so a change to a message is a compile error on both ends.
 * Everything that arrives over `postMessage` is checked with the validators below before use.
 */

/** Which part of the dashboard is shown: everything, or the weight heatmaps on their own. */
export type DashboardView = 'dashboard' | 'weights';

export type RunStatus = 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

/** What the webview needs to lay out a run before its points arrive. */
export interface RunSummary {
  id: string;
  layerSizes: number[];
  epochs: number;
  batchesPerEpoch: number;
}

/** One training batch, reduced to what the loss curve draws. `step` counts batches from 1 over the run. */
export interface BatchPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Exponential moving average of the loss, computed on the host so throttling loses no points' effect. */
  smoothedLoss: number;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** One layer's weights (rows = units out, cols = inputs, row-major). Typed arrays cross postMessage as is. */
export interface WireLayer {
  rows: number;
  cols: number;
  weights: Float32Array;
}

export interface WeightsSnapshot {
  epoch: number;
  batch: number;
  layers: WireLayer[];
}

/**
 * One throttled update. `run` (when present) starts a new run: the webview clears what it drew before
 * applying the rest. Points are appended; `weights` replaces the previous snapshot.
 */
export interface UpdateMessage {
  type: 'update';
  run?: RunSummary;
  status?: RunStatus;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  weights?: WeightsSnapshot;
}

export interface ShowViewMessage {
  type: 'view';
  view: DashboardView;
}

export type HostToWebview = UpdateMessage | ShowViewMessage;

/** The webview asks for everything so far (after it loads, is revived or comes back from hiding). */
export interface ReadyMessage {
  type: 'ready';
}

/** The webview reports a problem it met; the host writes it to the output channel. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

export type WebviewToHost = ReadyMessage | WebviewErrorMessage;

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
    isCount(value.batchesPerEpoch)
  );
}

function isBatchPoint(value: unknown): value is BatchPoint {
  return (
    isObject(value) &&
    isCount(value.step) &&
    isCount(value.epoch) &&
    isNumber(value.loss) &&
    isNumber(value.smoothedLoss)
  );
}

function isEpochPoint(value: unknown): value is EpochPoint {
  return (
    isObject(value) &&
    isCount(value.epoch) &&
    isNumber(value.loss) &&
    isFiniteNumber(value.trainAccuracy) &&
    optional(value.testLoss, isNumber) &&
    optional(value.testAccuracy, isFiniteNumber)
  );
}

function isWireLayer(value: unknown): value is WireLayer {
  return (
    isObject(value) &&
    isCount(value.rows) &&
    isCount(value.cols) &&
    value.weights instanceof Float32Array &&
    value.weights.length === (value.rows as number) * (value.cols as number)
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
  if (value.type !== 'update') return undefined;
  const valid =
    optional(value.run, isRunSummary) &&
    optional(value.status, (s) => typeof s === 'string' && RUN_STATUSES.includes(s)) &&
    Array.isArray(value.batches) &&
    value.batches.every(isBatchPoint) &&
    Array.isArray(value.epochs) &&
    value.epochs.every(isEpochPoint) &&
    optional(value.weights, isWeightsSnapshot);
  return valid ? (value as unknown as UpdateMessage) : undefined;
}

/** Checks a message from the webview; returns it typed, or undefined when it is unknown or malformed. */
export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'ready') return { type: 'ready' };
  if (value.type === 'error' && typeof value.message === 'string') return { type: 'error', message: value.message };
  return undefined;
}

/** A short description of a rejected message for the log, without dumping megabytes of weights. */
export function describeMessage(value: unknown): string {
  if (!isObject(value)) return typeof value;
  const type = typeof value.type === 'string' ? value.type : '(no type)';
  return `type ${JSON.stringify(type)} with fields ${Object.keys(value).sort().join(', ')}`;
}
