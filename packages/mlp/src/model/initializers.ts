import type { SeededRandom } from '@nn/linalg';
import { ConfigError } from '../errors';

/**
 * How weights start. `uniform` is the seed's `random()`: uniform in [−1, 1). `glorot` (Xavier) is uniform in
 * ±√(6 / (in + out)), suited to sigmoid and tanh; `he` is uniform in ±√(6 / in), suited to relu.
 * Biases start at zero, as the seed's `Matrix::new()`.
 */
export type Initializer = 'uniform' | 'glorot' | 'he';

/** Every `Initializer`, for validating and listing choices. */
export const INITIALIZERS: readonly Initializer[] = ['uniform', 'glorot', 'he'];

export function initializerLimit(initializer: Initializer, fanIn: number, fanOut: number): number {
  switch (initializer) {
    case 'uniform':
      return 1;
    case 'glorot':
      return Math.sqrt(6 / (fanIn + fanOut));
    case 'he':
      return Math.sqrt(6 / fanIn);
    default:
      throw new ConfigError(`unknown initializer "${String(initializer)}"; expected one of ${INITIALIZERS.join(', ')}`);
  }
}

/** Fills `weights` (out×in, row-major) in order from `rng`, so one seed gives one network. */
export function initializeWeights(
  weights: Float32Array,
  fanIn: number,
  fanOut: number,
  initializer: Initializer,
  rng: SeededRandom,
): void {
  const limit = initializerLimit(initializer, fanIn, fanOut);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.uniform(-limit, limit);
}
