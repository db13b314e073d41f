/**
 * The update part of the dashboard protocol (protocol.ts holds the rest): a run's points, status, sampled weights,
 * confusion and the pad's network, streamed by the host's RunFeed, and the checks the page runs on them.
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
import { isConfusionShown } from './protocol-confusion';
import { isPadModel } from './protocol-pad';

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

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Losses can be NaN or Infinity when a run diverges; that is data, not a malformed message. */
const isNumber = (value: unknown): value is number => typeof value === 'number';
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);

const RUN_STATUSES: readonly string[] = ['running', 'stopping', 'finished', 'stopped', 'failed'];

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

/** Whether `value` (a message of type 'update') has every field an update needs, each well formed. */
export function isUpdateMessage(value: Fields): boolean {
  return (
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
    optional(value.padModel, isPadModel)
  );
}
