import { ACTIVATION_NAMES, type ActivationName, type LossName, type OptimizerKind } from '@nn/mlp';

// The one description of a "train MNIST" job. Plain and JSON-serialisable: the CLI builds it from flags,
// the VS Code extension from settings, and it is stored as `config.json` in the run folder so a run can be resumed.

/** The data sets a run can train on. */
export const DATASETS = ['digits', 'fashion'] as const;
/** `digits` (MNIST) or `fashion` (Fashion-MNIST). */
export type DatasetName = (typeof DATASETS)[number];

/** Every recipe name, for validating flags and settings. */
export const RECIPES = ['seed', 'default', 'accuracy'] as const;
/** A named starting config: `seed` (the seed article's network), `default` or `accuracy`. */
export type RecipeName = (typeof RECIPES)[number];

// Activations, losses and optimisers go by @nn/mlp's names; config/legacy-spellings.ts reads older ones.

/** @nn/mlp's activations but softmax, which normalises a whole layer and belongs to the output. */
export const HIDDEN_ACTIVATIONS: readonly ActivationName[] = ACTIVATION_NAMES.filter((name) => name !== 'softmax');

/** @nn/mlp's optimiser kinds (it exports only their type); the record makes the compiler check the list is whole. */
const KINDS: Record<OptimizerKind, true> = { sgd: true, adam: true };
/** @nn/mlp's optimiser kinds as a list, for validating flags and settings. */
export const OPTIMIZER_KINDS = Object.keys(KINDS) as OptimizerKind[];

/** The learning-rate schedules a config can name. */
export const SCHEDULES = ['constant', 'cosine'] as const;
/** `constant` or `cosine` (down to 0 over all steps). */
export type ScheduleName = (typeof SCHEDULES)[number];

/** Random distortions applied to each training image every time it is drawn. */
export interface AugmentationConfig {
  /** Largest shift in pixels, in each direction. */
  maxShift: number;
  /** Largest rotation in degrees, either way. */
  maxRotation: number;
  /**
   * A smooth random warp (@nn/mnist's `warp`): displacements up to `maxDisplacement` pixels at `points`×`points`
   * control points, bilinear in between. Absent means none (runs saved before it existed have none).
   */
  warp?: { points: number; maxDisplacement: number };
}

/** A whole job, as `makeTrainConfig` builds it and `config.json` stores it (JSON-serialisable, so a run resumes from it). */
export interface TrainConfig {
  dataset: DatasetName;
  /** Folder holding the four IDX files; undefined = NN_MNIST_DIR, then the cache, then the bundled data. */
  dataDir?: string;
  recipe: RecipeName;
  /** Sizes of the hidden layers; input (784) and output (10) come from the data. */
  hiddenLayers: number[];
  activation: ActivationName;
  /** `mse` pairs with a sigmoid output layer (the seed's network); `crossEntropy` with softmax. */
  loss: LossName;
  optimizer: OptimizerKind;
  /** SGD's momentum coefficient (0.9 is usual); absent means plain SGD. Not for Adam, which has its own. */
  momentum?: number;
  learningRate: number;
  schedule: ScheduleName;
  /** 1 = per-sample SGD, as in the seed. */
  batchSize: number;
  epochs: number;
  seed: number;
  augmentation?: AugmentationConfig;
  /** Probability of dropping a hidden unit during training; 0 = no dropout. */
  dropout: number;
  /** Use only the first N training images (quick runs). */
  limit?: number;
  /** Folder that receives one run folder per run. */
  outDir: string;
  /**
   * Threads that share each batch (data parallelism: each computes a slice, the gradients are summed). Absent
   * means 1. Weights depend on it (the sums' rounding), so it is saved with the run and resume keeps it.
   */
  threads?: number;
}
