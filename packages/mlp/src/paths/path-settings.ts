import type { AugmentFn, DataRows } from '../training/dataset';
import type { OptimizerConfig, OptimizerState } from '../training/optimizers/optimizer';

/** What a batched path trains with; in a data-parallel fit every thread has the same. */
export interface PathSettings {
  /** Classes or regression targets (checked by fit before any path sees them). */
  data: DataRows;
  /** The factor that brings `data.inputs` to the network's scale (1/255 for bytes by default). */
  scale: number;
  /** The epoch's sample order; fit shuffles it in place before each epoch. */
  order: Int32Array;
  optimizer: OptimizerConfig;
  /** A resumed optimiser state, in the network's layout. */
  resume?: OptimizerState | undefined;
  weightDecay: number;
  /** Seed of the dropout masks (each sample's depends on it, the epoch and the sample alone). */
  seed: number;
  augment?: AugmentFn | undefined;
  /**
   * The path may turn the network's own weight arrays into its layout (W1ᵀ…) instead of keeping a copy, leaving
   * the network's weights unusable: for a data-parallel helper thread, whose network nothing reads.
   */
  adoptWeights?: boolean;
}
