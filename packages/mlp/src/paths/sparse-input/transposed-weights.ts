import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { DenseLayer } from '../../model/dense-layer';
import type { OptimizerState } from '../../training/optimizers/optimizer';

/**
 * The first layer's weights and their gradient kept input-major, W1ᵀ: [in, out], for a whole fit: input p's
 * weights are one contiguous row, so each non-zero input adds one scaled row. The optimiser updates W1ᵀ in place
 * of W1 (its updates are element-wise, so its state lives in the same layout); `writeBack` and `exportState`
 * give the network's layout back for snapshots, checkpoints and the result.
 */
export class TransposedWeights {
  /** W1ᵀ: [in, out] */
  readonly weightsT: Matrix;
  /** dW1ᵀ: [in, out] */
  readonly gradientT: Matrix;
  private readonly units: number;
  private readonly inputSize: number;
  /** Network-layout copies of the optimiser's first-layer slots, reused by every export. */
  private readonly exported = new Map<string, Float32Array>();

  constructor(private readonly layer: DenseLayer) {
    this.units = layer.weights.rows;
    this.inputSize = layer.weights.cols;
    const set = kernels();
    // Kernel-owned memory, so the WebAssembly kernels read and write these in place.
    this.weightsT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
    this.gradientT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
    set.transpose(this.units, this.inputSize, layer.weights.data, this.weightsT.data);
  }

  /** Copies W1ᵀ back into the layer's W1. */
  writeBack(): void {
    kernels().transpose(this.inputSize, this.units, this.weightsT.data, this.layer.weights.data);
  }

  /** A resumed optimiser state (network layout) in the training layout, as new arrays (the caller's stay as given). */
  importState(state: OptimizerState | undefined): OptimizerState | undefined {
    if (!state) return undefined;
    const slots: Record<string, Float32Array[]> = {};
    for (const [name, arrays] of Object.entries(state.slots)) {
      const first = arrays[0];
      if (first?.length !== this.units * this.inputSize) {
        slots[name] = arrays; // malformed: createOptimizer names the mismatch
        continue;
      }
      const transposed = new Float32Array(first.length);
      kernels().transpose(this.units, this.inputSize, first, transposed);
      slots[name] = [transposed, ...arrays.slice(1)];
    }
    return { ...state, slots };
  }

  /** The optimiser's live state with the first layer's slots copied back to the network layout (reused copies). */
  exportState(state: OptimizerState): OptimizerState {
    const slots: Record<string, Float32Array[]> = {};
    for (const [name, arrays] of Object.entries(state.slots)) {
      let copy = this.exported.get(name);
      if (!copy) {
        copy = new Float32Array(this.units * this.inputSize);
        this.exported.set(name, copy);
      }
      kernels().transpose(this.inputSize, this.units, arrays[0]!, copy);
      slots[name] = [copy, ...arrays.slice(1)];
    }
    return { ...state, slots };
  }
}
