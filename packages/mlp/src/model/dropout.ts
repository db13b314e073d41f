import type { SeededRandom } from '@nn/linalg';
import type { BatchBuffers } from './batch-buffers';
import type { LayeredNetwork } from './dense-layer';

/**
 * Where dropout's random numbers come from. `fill(layer, draws, units, samples)` writes one number in [0, 1) per
 * unit and sample of hidden layer `layer` into `draws` (units × samples, row-major); a unit is dropped for a sample
 * when its number is below the dropout rate p. Training draws them per sample (training/seeds.ts), so a sample gets
 * the same mask whichever batch or thread it lands in; `dropoutFrom(rng)` draws them from one stream in order.
 */
export interface DropoutDraws {
  /** Writes hidden layer `layer`'s numbers, one per unit and sample, into `draws` (units × samples, row-major). */
  fill(layer: number, draws: Float32Array, units: number, samples: number): void;
  /**
   * Optional: writes the mask and `dropped` of hidden layer `layer` itself (in one kernel call), exactly as
   * `applyDropout` would from `fill`'s numbers; false when it cannot (then `fill` is used).
   */
  maskInto?(
    layer: number,
    a: Float32Array,
    mask: Float32Array,
    dropped: Float32Array,
    units: number,
    samples: number,
    rate: number,
  ): boolean;
}

/** Dropout numbers drawn from `rng` in order: layer by layer, each layer's units × samples row by row. */
export function dropoutFrom(rng: SeededRandom): DropoutDraws {
  return {
    fill(_layer, draws, units, samples) {
      for (let i = 0; i < units * samples; i++) draws[i] = rng.next();
    },
  };
}

/**
 * Inverted dropout on hidden layer l (nothing for the output layer): mask = 0 where the draw is below p, else
 * 1/(1 − p), so the expected activation is unchanged; dropped = a ⊙ mask feeds the next layer, and backward
 * multiplies by the same mask.
 */
export function applyDropout(network: LayeredNetwork, buffers: BatchBuffers, l: number, draws: DropoutDraws): void {
  if (l >= buffers.dropped.length) return;
  const a = buffers.a[l]!;
  const mask = buffers.dropoutMask[l]!;
  const dropped = buffers.dropped[l]!.data;
  const p = network.dropout;
  if (draws.maskInto?.(l, a.data, mask, dropped, a.rows, a.cols, p)) return;
  const keep = 1 / (1 - p);
  draws.fill(l, mask, a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) {
    mask[i] = mask[i]! < p ? 0 : keep;
    dropped[i] = a.data[i]! * mask[i]!;
  }
}
