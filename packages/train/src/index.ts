export { makeTrainConfig, type TrainConfigOverrides } from './config/make-config';
export { type Recipe, recipes } from './config/recipes';
export {
  ACTIVATIONS,
  type ActivationName,
  type AugmentationConfig,
  DATASETS,
  type DatasetName,
  LOSSES,
  type LossName,
  OPTIMIZERS,
  type OptimizerName,
  RECIPES,
  type RecipeName,
  SCHEDULES,
  type ScheduleName,
  type TrainConfig,
} from './config/train-config';
export { validateConfig } from './config/validate-config';
export { ConfigError, RunFolderError, TrainError, WorkerError } from './errors';
export { type LoadedModel, loadModel } from './job/model-io';
export { resumeTraining, type TrainOptions, trainMnist } from './job/train-mnist';
export { listRuns, RUN_FILES, type RunRecord, readRun } from './run/run-folder';
export type { CheckpointEvent, LogEvent, RunEvent, TrainEvent, TrainResult } from './train-events';
export { runTrainingWorker } from './worker/run-training-worker';
export {
  defaultWorkerPath,
  resumeTrainingWorker,
  startTrainingWorker,
  type TrainingHandle,
  type TrainingWorkerOptions,
} from './worker/start-training-worker';
