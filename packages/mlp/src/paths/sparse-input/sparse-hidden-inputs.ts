import type { Matrix } from '@nn/linalg';
import { kernels, type SparseLines } from '@nn/linalg/internal';
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
  private bySample: BatchLines | undefined;
  private byInput: BatchLines | undefined;
  /** Samples the lines have room for. */
  private capacity = 0;
  private filled: SparseBatch | undefined;

  constructor(private readonly inputs: number) {}

  /** The lines `fill` last filled. */
  get lines(): SparseBatch {
    if (!this.filled) throw new Error('ActivationLines: read before the first fill');
    return this.filled;
  }

  /** Reads `a`'s non-zeros into lines per input and per sample (training); valid until the next call. */
  fill(a: Matrix): SparseBatch {
    const size = a.cols;
    const bySample = this.samplesFor(size);
    this.byInput ??= new BatchLines(this.inputs, this.inputs * this.capacity);
    const set = kernels();
    set.nonZeroLines(this.inputs, size, a.data, this.byInput);
    set.transposeSparse(this.byInput, this.inputs, bySample, size);
    // The same object step after step (a step allocates nothing), new only when the lines grew.
    if (this.filled?.bySample !== bySample) this.filled = { size, bySample, byInput: this.byInput };
    this.filled.size = size;
    return this.filled;
  }

  /** Reads `a`'s non-zeros into lines per sample only (a forward pass without backward); valid until the next call. */
  fillBySample(a: Matrix): SparseLines {
    const size = a.cols;
    const bySample = this.samplesFor(size);
    const { offsets, indices, values } = bySample;
    const data = a.data;
    let at = 0;
    // Column s of `a`, branch-free as in `nonZeroLines`: every value is written, the cursor passes non-zeros only.
    for (let s = 0; s < size; s++) {
      offsets[s] = at;
      for (let p = 0, i = s; p < this.inputs; p++, i += size) {
        const value = data[i]!;
        indices[at] = p;
        values[at] = value;
        at += value !== 0 ? 1 : 0;
      }
    }
    offsets[size] = at;
    return bySample;
  }

  /** Lines per sample for `size` samples: the kept ones when large enough (larger ones also replace byInput's). */
  private samplesFor(size: number): BatchLines {
    if (!this.bySample || this.capacity < size) {
      this.capacity = size;
      this.bySample = new BatchLines(size, this.inputs * size);
      this.byInput = undefined;
    }
    return this.bySample;
  }
}
