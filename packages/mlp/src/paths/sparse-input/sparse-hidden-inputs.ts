import type { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { DenseLayer } from '../../model/dense-layer';
import { BatchLines, type SparseBatch } from './sparse-batch';

/**
 * A hidden layer whose inputs come out of relu is fed mostly zeros: in the accuracy recipe's 1024-wide layers,
 * 13–30% of the inputs are non-zero while training (relu, then dropout). From this many inputs and
 * `SPARSE_HIDDEN_MIN_UNITS` units on, such a layer runs like the first one: its weights trained transposed, its
 * forward product and weight gradient over the non-zero inputs only (docs/benchmarks.md, "Sparse hidden inputs").
 */
export const SPARSE_HIDDEN_MIN_INPUTS = 512;
/** Narrower layers (the output layer, say) leave the sparse kernels too little to do per non-zero input. */
export const SPARSE_HIDDEN_MIN_UNITS = 256;

/**
 * How many of the network's bottom layers the sparse-input path trains over non-zero inputs: the first layer,
 * then each layer above it in turn while its inputs come from relu and it is wide enough.
 */
export function sparseInputLayers(layers: readonly DenseLayer[]): number {
  let count = 1;
  while (count < layers.length && sparseHiddenInputs(layers[count - 1]!, layers[count]!)) count++;
  return count;
}

function sparseHiddenInputs(below: DenseLayer, layer: DenseLayer): boolean {
  const { rows: units, cols: inputs } = layer.weights;
  return below.activation.name === 'relu' && inputs >= SPARSE_HIDDEN_MIN_INPUTS && units >= SPARSE_HIDDEN_MIN_UNITS;
}

// a: [in, B]  (units of the layer below × samples, row-major)
/**
 * The non-zero entries of a hidden layer's input activations, per input (a row of `a`, for dWᵀ) and per sample
 * (for the forward product), in kernel memory; sized for the largest batch seen, and reused by smaller ones.
 */
export class ActivationLines {
  private kept: SparseBatch | undefined;

  constructor(private readonly inputs: number) {}

  /** The lines `fill` last filled. */
  get lines(): SparseBatch {
    if (!this.kept) throw new Error('ActivationLines: read before the first fill');
    return this.kept;
  }

  /** Reads `a`'s non-zeros into the lines; valid until the next call. */
  fill(a: Matrix): SparseBatch {
    const size = a.cols;
    const lines = this.linesFor(size);
    const { offsets, indices, values } = lines.byInput;
    const data = a.data;
    let at = 0;
    for (let p = 0; p < this.inputs; p++) {
      offsets[p] = at;
      const row = p * size;
      for (let s = 0; s < size; s++) {
        const value = data[row + s]!;
        // Every entry is written, and the cursor moves past non-zeros only: no branch on values at random.
        indices[at] = s;
        values[at] = value;
        at += value !== 0 ? 1 : 0;
      }
    }
    offsets[this.inputs] = at;
    kernels().transposeSparse(lines.byInput, this.inputs, lines.bySample, size);
    lines.size = size;
    return lines;
  }

  private linesFor(size: number): SparseBatch {
    if (!this.kept || this.kept.bySample.offsets.length < size + 1) {
      const capacity = this.inputs * size;
      this.kept = {
        size,
        bySample: new BatchLines(size, capacity),
        byInput: new BatchLines(this.inputs, capacity),
      };
    }
    return this.kept;
  }
}
