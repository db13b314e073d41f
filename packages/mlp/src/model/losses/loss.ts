import type { Activation } from '../activations/activation';

/**
 * A loss over a batch (column per sample; rows = output units). Its value is the mean over the batch of
 * each sample's loss, so the gradients it starts are divided by the batch size B.
 */
export interface Loss {
  readonly name: LossName;
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

export type LossName = 'mse' | 'crossEntropy';
