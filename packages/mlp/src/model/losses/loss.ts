import type { Activation } from '../activations/activation';

/**
 * A loss over a batch (column per sample; rows = output units). Its value is the mean over the batch of
 * each sample's loss, so the gradients it starts are divided by the batch size B.
 */
export interface Loss {
  readonly name: LossName;
  /** The mean loss over the batch's columns of the outputs `a` against the targets `y`. */
  value(a: Float32Array, y: Float32Array, rows: number, cols: number, output: Activation): number;
  /**
   * dz = ∂L/∂z of the output layer (z before the output activation). `da` is scratch space of the same size
   * for losses that go through the activation's own backward rule.
   */
  outputDelta(
    z: Float32Array,
    a: Float32Array,
    y: Float32Array,
    da: Float32Array,
    dz: Float32Array,
    rows: number,
    cols: number,
    output: Activation,
  ): void;
}

/** The losses, by the names model files and configs give them. */
export type LossName = 'mse' | 'crossEntropy';
