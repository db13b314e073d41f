import { LOSS_NAMES } from '@nn/mlp';
import { WARP_LIMITS } from '@nn/mnist';
import { configError } from '../errors';
import { withCurrentSpellings } from './legacy-spellings';
import { DATASETS, HIDDEN_ACTIVATIONS, OPTIMIZER_KINDS, RECIPES, SCHEDULES, type TrainConfig } from './train-config';

/** Largest hidden layer we accept: bigger ones would not fit a Float32Array-backed network in memory sensibly. */
const MAX_LAYER_SIZE = 16384;
/** More threads than this only shrinks each one's slice of a batch below what pays. */
const MAX_THREADS = 16;
/** Far beyond any recipe (they train for tens of epochs); a larger count is a typo that would run for days. */
const MAX_EPOCHS = 10_000;

/**
 * Checks every field of a config that came from outside (flags, settings, a config.json on disk) and
 * returns it typed, a copy with older spellings (`cross-entropy`, `momentum`) in today's words.
 * Throws a `ConfigError` naming the first bad field and the value it had.
 */
export function validateConfig(value: unknown): TrainConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw configError('config', `expected an object, got ${describe(value)}`);
  }
  const c = withCurrentSpellings(value) as Record<string, unknown>;
  oneOf(c, 'dataset', DATASETS);
  oneOf(c, 'recipe', RECIPES);
  oneOf(c, 'activation', HIDDEN_ACTIVATIONS);
  oneOf(c, 'loss', LOSS_NAMES);
  oneOf(c, 'optimizer', OPTIMIZER_KINDS);
  oneOf(c, 'schedule', SCHEDULES);
  if (c.dataDir !== undefined) nonEmptyString(c, 'dataDir');
  nonEmptyString(c, 'outDir');

  if (!Array.isArray(c.hiddenLayers)) {
    throw configError('hiddenLayers', `expected a list of layer sizes, got ${describe(c.hiddenLayers)}`);
  }
  c.hiddenLayers.forEach((size, i) => {
    if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > MAX_LAYER_SIZE) {
      throw configError(
        'hiddenLayers',
        `layer ${i + 1} has size ${describe(size)}; sizes are whole numbers from 1 to ${MAX_LAYER_SIZE}`,
      );
    }
  });

  positiveNumber(c, 'learningRate');
  if ((c.learningRate as number) > 10) {
    throw configError('learningRate', `${c.learningRate} is far too large; use a value like 0.1 or 0.001`);
  }
  positiveInteger(c, 'batchSize');
  positiveInteger(c, 'epochs');
  if ((c.epochs as number) > MAX_EPOCHS) {
    throw configError('epochs', `${c.epochs} is more than the ${MAX_EPOCHS} epochs a run may have`);
  }
  if (!Number.isInteger(c.seed) || (c.seed as number) < 0 || (c.seed as number) > 0xffffffff) {
    throw configError('seed', `expected a whole number from 0 to 4294967295, got ${describe(c.seed)}`);
  }
  if (typeof c.dropout !== 'number' || !(c.dropout >= 0 && c.dropout < 1)) {
    throw configError('dropout', `expected a probability in [0, 1), got ${describe(c.dropout)}`);
  }
  if (c.limit !== undefined) positiveInteger(c, 'limit');
  if (c.momentum !== undefined) {
    if (typeof c.momentum !== 'number' || !(c.momentum >= 0 && c.momentum < 1)) {
      throw configError('momentum', `expected a number in [0, 1), got ${describe(c.momentum)}`);
    }
    if (c.optimizer !== 'sgd') {
      throw configError('momentum', `applies to sgd only; ${c.optimizer} keeps its own moments`);
    }
  }

  if (c.augmentation !== undefined) {
    const a = c.augmentation as Record<string, unknown>;
    if (typeof a !== 'object' || a === null) {
      throw configError('augmentation', `expected { maxShift, maxRotation }, got ${describe(a)}`);
    }
    for (const key of ['maxShift', 'maxRotation'] as const) {
      if (typeof a[key] !== 'number' || !((a[key] as number) >= 0 && (a[key] as number) <= 45)) {
        throw configError(`augmentation.${key}`, `expected a number from 0 to 45, got ${describe(a[key])}`);
      }
    }
    if (a.warp !== undefined) validateWarp(a.warp);
  }
  if (c.threads !== undefined) {
    positiveInteger(c, 'threads');
    const threads = c.threads as number;
    if (threads > MAX_THREADS) {
      throw configError(
        'threads',
        `${threads} is more than the ${MAX_THREADS} threads a batch is split across at most`,
      );
    }
    if (threads > (c.batchSize as number)) {
      throw configError('threads', `a batch of ${c.batchSize} cannot be split across ${threads} threads`);
    }
  }
  return c as unknown as TrainConfig;
}

/** @nn/mnist's limits on a warp (`WARP_LIMITS`), checked here so a bad config.json fails before training. */
function validateWarp(warp: unknown): void {
  const w = warp as Record<string, unknown>;
  if (typeof w !== 'object' || w === null) {
    throw configError('augmentation.warp', `expected { points, maxDisplacement }, got ${describe(warp)}`);
  }
  const { points, maxDisplacement } = WARP_LIMITS;
  if (!Number.isInteger(w.points) || !((w.points as number) >= points.min && (w.points as number) <= points.max)) {
    throw configError(
      'augmentation.warp.points',
      `expected an integer from ${points.min} to ${points.max}, got ${describe(w.points)}`,
    );
  }
  const displacement = w.maxDisplacement;
  if (
    typeof displacement !== 'number' ||
    !(displacement >= maxDisplacement.min && displacement <= maxDisplacement.max)
  ) {
    throw configError(
      'augmentation.warp.maxDisplacement',
      `expected a number of pixels from ${maxDisplacement.min} to ${maxDisplacement.max}, got ${describe(displacement)}`,
    );
  }
}

function oneOf(c: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  if (typeof c[field] !== 'string' || !allowed.includes(c[field] as string)) {
    throw configError(field, `expected one of ${allowed.join(', ')}, got ${describe(c[field])}`);
  }
}

function nonEmptyString(c: Record<string, unknown>, field: string): void {
  if (typeof c[field] !== 'string' || (c[field] as string).length === 0) {
    throw configError(field, `expected a folder path, got ${describe(c[field])}`);
  }
}

function positiveNumber(c: Record<string, unknown>, field: string): void {
  const v = c[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw configError(field, `expected a number above 0, got ${describe(v)}`);
  }
}

function positiveInteger(c: Record<string, unknown>, field: string): void {
  const v = c[field];
  if (!Number.isInteger(v) || (v as number) < 1) {
    throw configError(field, `expected a whole number of at least 1, got ${describe(v)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
