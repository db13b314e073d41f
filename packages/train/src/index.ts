export { ConfigError } from '@nn/mlp';
export { describeConfig } from './config/describe-config';
export { LEGACY_LOSSES, LEGACY_OPTIMIZERS } from './config/legacy-spellings';
export { makeTrainConfig, type TrainConfigOverrides } from './config/make-config';
export { type Recipe, recipes } from './config/recipes';
export {
  type AugmentationConfig,
  DATASETS,
  type DatasetName,
  HIDDEN_ACTIVATIONS,
  OPTIMIZER_KINDS,
  RECIPES,
  type RecipeName,
  SCHEDULES,
  type ScheduleName,
  type TrainConfig,
} from './config/train-config';
export { validateConfig } from './config/validate-config';
export { RunFolderError, TrainError, WorkerError } from './errors';
export { type LoadedModel, loadModel } from './job/model-io';
export { loadTestImages, type TestImages, testImagePixels } from './job/test-images';
export { resumeTraining, type TrainOptions, trainMnist } from './job/train-mnist';
export { type CompareData, type ComparedEpoch, type ComparedRun, compareData } from './report/compare-data';
export { writeFileAtomic } from './run/atomic-write';
export { listRuns, type RunRecord, readRun } from './run/read-run';
export { RUN_FILES } from './run/run-folder';
export {
  type CellSample,
  type ConfusionMatrix,
  isConfusionMatrix,
  readTestCells,
  type TestCells,
} from './run/test-cells';
export {
  readUnitStatistics,
  UNIT_STATISTICS_FILE,
  type UnitSampleRecord,
  type UnitStatisticsRecord,
  unitStatisticsProblem,
} from './run/unit-statistics';
export { HISTOGRAM_BINS, isWeightHistograms, type WeightHistogram, weightHistogram } from './run/weight-histograms';
export type {
  CheckpointEvent,
  LogEvent,
  RunEvent,
  TrainEpochEvent,
  TrainEvent,
  TrainResult,
} from './train-events';
export { runTrainingWorker } from './worker/run-training-worker';
export {
  defaultWorkerPath,
  resumeTrainingWorker,
  startTrainingWorker,
  type TrainingHandle,
  type TrainingWorkerOptions,
} from './worker/start-training-worker';
