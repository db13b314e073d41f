/**
 * An optimiser updates parameters from their gradients, both in the network's fixed parameter order
 * (W then b, layer by layer). Its state is plain Float32Arrays so a checkpoint can carry it.
 */
export interface Optimizer {
  readonly kind: OptimizerKind;
  /**
   * The rate the next `step` uses; it starts at the config's, and `fit` sets it from the schedule before every
   * step. A property, not an argument: a double handed to a call V8 does not inline is boxed on every step.
   */
  learningRate: number;
  /**
   * Updates `parameters` in place from `gradients` (same order and lengths) at the current `learningRate`; with
   * `range`, only the parameters placed in it (a data-parallel thread's share), the others and their state untouched.
   */
  step(parameters: Float32Array[], gradients: Float32Array[], range?: ParameterRange): void;
  /** The live state (not a copy): save it before the next step. */
  state(): OptimizerState;
}

/** The optimisers, by the names configs and model files give them. */
export type OptimizerKind = 'sgd' | 'adam';

/**
 * What resuming needs: the number of steps taken, and per named slot one array per parameter
 * (Adam: `m` and `v`, the first and second moments; SGD with momentum: `velocity`; plain SGD: none).
 */
export interface OptimizerState {
  kind: OptimizerKind;
  step: number;
  slots: Record<string, Float32Array[]>;
}

/** An optimiser and its hyperparameters, as `fit` takes them (`momentum` for SGD; Adam's betas and epsilon). */
export type OptimizerConfig =
  | { type: 'sgd'; learningRate: number; momentum?: number; nesterov?: boolean }
  | { type: 'adam'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number };

/**
 * Places [from, to) in the list of every parameter: the arrays back to back in parameter order, place 0 the first
 * array's first value. A data-parallel thread updates one such range (see paths/data-parallel/replica.ts).
 */
export interface ParameterRange {
  readonly from: number;
  readonly to: number;
}

/** Where, in an array placed at `at`, `range` starts (0 without a range; at or past the end when it misses it). */
export function rangeStart(range: ParameterRange | undefined, at: number): number {
  return range ? Math.max(range.from - at, 0) : 0;
}

/** Where, in an array of `length` placed at `at`, `range` ends (`length` without a range). */
export function rangeEnd(range: ParameterRange | undefined, at: number, length: number): number {
  return range ? Math.min(range.to - at, length) : length;
}
