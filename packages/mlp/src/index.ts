// The model: the seed's network, its layers, forward and backward passes, activations, losses, initialisers.

export { ConfigError, DataParallelError, DivergenceError, ModelFormatError } from './errors';
// Files: safetensors and model files.
export { type Checkpoint, load, loadCheckpoint, type SaveOptions, save, saveParts } from './io/model-file';
export {
  decodeSafetensors,
  encodeSafetensors,
  encodeSafetensorsParts,
  type SafetensorsContent,
  type Tensor,
} from './io/safetensors';
export type { Activation, ActivationName } from './model/activations/activation';
export { ACTIVATION_NAMES, activationByName } from './model/activations/index';
export { backward, createGradients, type Gradients, gradientArrays } from './model/backward';
export type { BatchBuffers } from './model/batch-buffers';
export { activationBackward, type DenseLayer, denseBackward, denseForward } from './model/dense-layer';
export { type DropoutDraws, dropoutFrom } from './model/dropout';
export { forward } from './model/forward';
export { INITIALIZERS, type Initializer } from './model/initializers';
export { LOSS_NAMES, lossByName } from './model/losses/index';
export type { Loss, LossName } from './model/losses/loss';
export { Network, type NetworkOptions } from './model/network';
export type { DataParallelOptions, ReplicaThread } from './paths/data-parallel/data-parallel-options';
// Training: fit() and its events, evaluation, optimisers, schedules, data sets.
export type { PathChoice, StepPathName } from './paths/step-path';
export type { AugmentFn, ClassDataset, Dataset, RegressionDataset } from './training/dataset';
export { type EvaluateOptions, type Evaluation, evaluate, type RegressionEvaluation } from './training/evaluate';
export { fit } from './training/fit';
export type * from './training/fit-events';
export type {
  EpochCheckpoint,
  FitOptions,
  FitResult,
  FitSettings,
  RegressionFitOptions,
  RegressionFitResult,
} from './training/fit-options';
export { createOptimizer } from './training/optimizers/index';
export type {
  Optimizer,
  OptimizerConfig,
  OptimizerKind,
  OptimizerState,
  ParameterRange,
} from './training/optimizers/optimizer';
export { learningRateAt, type ScheduleConfig } from './training/schedule';
export { TOP_SAMPLES_PER_UNIT, type UnitSample, type UnitStatistics } from './training/unit-statistics';
