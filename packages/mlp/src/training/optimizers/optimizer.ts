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
  /** Updates `parameters` in place from `gradients` (same order and lengths) at the current `learningRate`. */
  step(parameters: Float32Array[], gradients: Float32Array[]): void;
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
