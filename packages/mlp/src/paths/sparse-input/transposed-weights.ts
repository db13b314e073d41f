import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { DenseLayer } from '../../model/dense-layer';
import type { OptimizerState } from '../../training/optimizers/optimizer';
import { transposeInPlace } from '../data-parallel/transpose-in-place';

/**
 * A layer's weights and their gradient kept input-major, Wᵀ: [in, out], for a whole fit (the first layer's, and
 * those of wide layers above relu): input p's weights are one contiguous row, so each non-zero input adds one
 * scaled row. The optimiser updates Wᵀ in place of W (its updates are element-wise, so its state lives in the
 * same layout); `writeBack` and `exportState` give the network's layout back for snapshots, checkpoints and the
 * result.
 */
export class TransposedWeights {
  /** Wᵀ: [in, out] */
  readonly weightsT: Matrix;
  /** dWᵀ: [in, out] */
  readonly gradientT: Matrix;
  private readonly units: number;
  private readonly inputSize: number;
  /** Network-layout copies of the optimiser's slots for this layer's weights, reused by every export. */
  private readonly exported = new Map<string, Float32Array>();

  /**
   * `index`: where the layer's weights are in `network.parameters()` and the optimiser's slots (2 × its number).
   * `adopt`: turn the layer's own array into Wᵀ rather than copy it (PathSettings.adoptWeights); no write-back then.
   */
  constructor(
    private readonly layer: DenseLayer,
    private readonly index = 0,
    adopt = false,
  ) {
    this.units = layer.weights.rows;
    this.inputSize = layer.weights.cols;
    const set = kernels();
    const { data } = layer.weights;
    // Kernel-owned memory, so the WebAssembly kernels read and write these in place.
    this.gradientT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
    if (adopt) {
      transposeInPlace(data, this.units, this.inputSize);
      this.weightsT = new Matrix(this.inputSize, this.units, data);
    } else {
      this.weightsT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
      set.transpose(this.units, this.inputSize, data, this.weightsT.data);
    }
  }

  /** Copies Wᵀ back into the layer's W. */
  writeBack(): void {
    if (this.weightsT.data === this.layer.weights.data) {
      throw new Error(
        'TransposedWeights: this path adopted the network’s weights (adoptWeights); it has no W to write',
      );
    }
    kernels().transpose(this.inputSize, this.units, this.weightsT.data, this.layer.weights.data);
  }

  /** A resumed optimiser state (network layout) in the training layout, as new arrays (the caller's stay as given). */
  importState(state: OptimizerState | undefined): OptimizerState | undefined {
    if (!state) return undefined;
    const slots: Record<string, Float32Array[]> = {};
    for (const [name, arrays] of Object.entries(state.slots)) {
      const weights = arrays[this.index];
      if (weights?.length !== this.units * this.inputSize) {
        slots[name] = arrays; // malformed: createOptimizer names the mismatch
        continue;
      }
      const transposed = new Float32Array(weights.length);
      kernels().transpose(this.units, this.inputSize, weights, transposed);
      slots[name] = arrays.map((array, i) => (i === this.index ? transposed : array));
    }
    return { ...state, slots };
  }

  /** The optimiser's state with this layer's slots copied back to the network layout (reused copies). */
  exportState(state: OptimizerState): OptimizerState {
    const slots: Record<string, Float32Array[]> = {};
    for (const [name, arrays] of Object.entries(state.slots)) {
      const copy = this.exported.get(name) ?? new Float32Array(this.units * this.inputSize);
      this.exported.set(name, copy);
      kernels().transpose(this.inputSize, this.units, arrays[this.index]!, copy);
      slots[name] = arrays.map((array, i) => (i === this.index ? copy : array));
    }
    return { ...state, slots };
  }
}
