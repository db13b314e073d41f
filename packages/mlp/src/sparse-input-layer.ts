import { kernels, Matrix, type SparseLines } from '@nn/linalg';
import type { Gradients } from './backward';
import type { AugmentFn, Dataset } from './dataset';
import { addBias, type LinearPasses, sumColumnsInto } from './layer-passes';
import type { Network } from './network';
import type { OptimizerState } from './optimizers/optimizer';

/** Below this fraction of non-zero inputs the first layer skips zeros (MNIST is ≈0.19). */
export const SPARSE_INPUT_DENSITY = 0.5;

/** The fraction of non-zero values among the first (up to) 1 000 samples of `data`. */
export function inputDensity(data: Dataset, inputSize: number): number {
  const length = Math.min(data.inputs.length, 1000 * inputSize);
  let nonZero = 0;
  for (let i = 0; i < length; i++) if (data.inputs[i] !== 0) nonZero++;
  return length === 0 ? 1 : nonZero / length;
}

/**
 * The first layer trained in the input-major layout for a whole fit(): W1ᵀ (in×out) holds the weights of
 * input p in one contiguous row, so each non-zero input of a sample adds one scaled row to the sample's
 * z1 (≈19% of MNIST's pixels), and the weight gradient dW1ᵀ adds rows of dz1ᵀ over the same non-zeros.
 * The optimiser sees W1ᵀ and dW1ᵀ in place of W1 and dW1 (its updates are element-wise, so its state
 * simply lives in the same layout). `writeBack` and `exportState` give the usual layout back, so
 * snapshots, checkpoints, predict and evaluate never see the transposed one.
 */
export class SparseInputLayer {
  readonly weightsT: Matrix;
  readonly gradientT: Matrix;
  /** Layer 0's passes while training: the batch's non-zeros against W1ᵀ (the dense arguments are unused). */
  readonly passes: LinearPasses;
  private readonly network: Network;
  private readonly inputSize: number;
  private readonly units: number;
  private batch: SparseBatch | undefined;
  private words: { bytes: Uint8Array; view: Uint32Array | undefined } | undefined;
  private readonly batches = new Map<number, SparseBatch>();
  /** Normal-layout copies of the optimiser's layer-0 slots, reused by every export. */
  private readonly exported = new Map<string, Float32Array>();

  constructor(network: Network) {
    const layer = network.layers[0]!;
    this.network = network;
    this.units = layer.weights.rows;
    this.inputSize = layer.weights.cols;
    const set = kernels();
    // Kernel-owned memory, so the WebAssembly kernels read and write these in place.
    this.weightsT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
    this.gradientT = new Matrix(this.inputSize, this.units, set.allocate(this.inputSize * this.units));
    set.transpose(this.units, this.inputSize, layer.weights.data, this.weightsT.data);
    const self = this;
    this.passes = {
      forward(z, _weights, bias) {
        const batch = self.currentBatch(z.cols);
        kernels().sparseGemmTransposeA(
          self.units,
          z.cols,
          self.inputSize,
          self.weightsT.data,
          batch.bySample,
          z.data,
          false,
        );
        addBias(z.data, bias.data, z.rows, z.cols);
      },
      weightGradient(_dw, db, dz) {
        const batch = self.currentBatch(dz.cols);
        kernels().sparseGemmTransposeB(
          self.inputSize,
          self.units,
          dz.cols,
          batch.byInput,
          dz.data,
          self.gradientT.data,
          false,
        );
        sumColumnsInto(db.data, dz.data, dz.rows, dz.cols);
      },
      inputGradient() {
        throw new Error('SparseInputLayer: the gradient with respect to the network input is never computed');
      },
    };
  }

  /** `parameters` (network order) with W1 replaced by W1ᵀ: what the optimiser updates during fit(). */
  trainingParameters(parameters: Float32Array[]): Float32Array[] {
    return [this.weightsT.data, ...parameters.slice(1)];
  }

  /** The network's `gradients` with dW1 replaced by dW1ᵀ. */
  trainingGradients(gradients: Gradients): Gradients {
    return { dw: [this.gradientT, ...gradients.dw.slice(1)], db: gradients.db };
  }

  /** A resumed optimiser state (usual layout) in the training layout, as new arrays (the caller's stay as given). */
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

  /** The optimiser's live state with layer 0's slots copied back to the usual layout (reused copies). */
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

  /** Copies W1ᵀ back into the network's W1 (before anything outside the training step reads the weights). */
  writeBack(): void {
    kernels().transpose(this.inputSize, this.units, this.weightsT.data, this.network.layers[0]!.weights.data);
  }

  /**
   * Gathers samples `order[start … start + size)` as the next batch's non-zero inputs (scaled), and their
   * one-hot targets and labels as `gatherBatch` does; the dense x stays untouched.
   */
  gather(
    data: Dataset,
    scale: number,
    order: Int32Array,
    start: number,
    y: Matrix,
    labels: Int32Array,
    augment: AugmentFn | undefined,
    scratch: Float32Array,
    epoch: number,
  ): void {
    const size = y.cols;
    const batch = this.batchOf(size);
    const { offsets, indices, values } = batch.bySample;
    const { inputs } = data;
    const n = this.inputSize;
    y.data.fill(0);
    let at = 0;
    for (let j = 0; j < size; j++) {
      const sample = order[start + j]!;
      offsets[j] = at;
      if (augment) {
        for (let p = 0; p < n; p++) scratch[p] = inputs[sample * n + p]! * scale;
        augment(sample, scratch, epoch);
        at = appendNonZeros(scratch, 0, n, 1, indices, values, at);
      } else if (inputs instanceof Uint8Array) {
        at = appendNonZeroBytes(inputs, this.wordsOf(inputs), sample * n, n, scale, indices, values, at);
      } else {
        at = appendNonZeros(inputs, sample * n, n, scale, indices, values, at);
      }
      const label = data.labels[sample]!;
      labels[j] = label;
      if (y.rows === 1) y.data[j] = label;
      else y.data[label * size + j] = 1;
    }
    offsets[size] = at;
    kernels().transposeSparse(batch.bySample, size, batch.byInput, n);
    this.batch = batch;
  }

  private batchOf(size: number): SparseBatch {
    let batch = this.batches.get(size);
    if (!batch) {
      const capacity = size * this.inputSize;
      batch = { size, bySample: new BatchLines(size, capacity), byInput: new BatchLines(this.inputSize, capacity) };
      this.batches.set(size, batch);
    }
    return batch;
  }

  /**
   * A 4-byte view of `inputs` when samples start on 4-byte boundaries and words are little-endian (byte i of a
   * word in bits 8i…8i + 7), kept for the data set last seen.
   */
  private wordsOf(inputs: Uint8Array): Uint32Array | undefined {
    if (this.words?.bytes !== inputs) {
      const aligned = inputs.byteOffset % 4 === 0 && this.inputSize % 4 === 0 && LITTLE_ENDIAN;
      this.words = {
        bytes: inputs,
        view: aligned ? new Uint32Array(inputs.buffer, inputs.byteOffset, inputs.length >> 2) : undefined,
      };
    }
    return this.words.view;
  }

  private currentBatch(size: number): SparseBatch {
    const batch = this.batch;
    if (batch?.size !== size) {
      throw new Error(
        `SparseInputLayer: a training step on ${size} samples, but the gathered batch has ${batch?.size ?? 0}`,
      );
    }
    return batch;
  }
}

/** A gathered batch's non-zero inputs, per sample (what the forward product walks) and per input (the weight gradient). */
interface SparseBatch {
  size: number;
  bySample: BatchLines;
  byInput: BatchLines;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Appends the non-zero bytes of inputs[from … from + n) as (index, byte·scale) entries at `at`; returns the new
 * end. `words` views the same bytes 4 at a time (undefined when they are not 4-byte aligned or the host is
 * big-endian), so runs of zero pixels (an MNIST image's border) are skipped a word at a time; a word with pixels
 * is taken apart with shifts (no byte loads: ≈23% faster over an MNIST epoch), every entry is written and the
 * cursor moves only past non-zeros, without a branch on pixels that are zero or not at random.
 */
function appendNonZeroBytes(
  inputs: Uint8Array,
  words: Uint32Array | undefined,
  from: number,
  n: number,
  scale: number,
  indices: Int32Array,
  values: Float32Array,
  at: number,
): number {
  let end = at;
  let p = 0;
  if (words) {
    const firstWord = from >> 2;
    for (; p + 4 <= n; p += 4) {
      const word = words[firstWord + (p >> 2)]!;
      if (word === 0) continue;
      const b0 = word & 255;
      const b1 = (word >>> 8) & 255;
      const b2 = (word >>> 16) & 255;
      const b3 = word >>> 24;
      indices[end] = p;
      values[end] = b0 * scale;
      end += (b0 + 255) >> 8; // 0 for a zero byte, 1 otherwise
      indices[end] = p + 1;
      values[end] = b1 * scale;
      end += (b1 + 255) >> 8;
      indices[end] = p + 2;
      values[end] = b2 * scale;
      end += (b2 + 255) >> 8;
      indices[end] = p + 3;
      values[end] = b3 * scale;
      end += (b3 + 255) >> 8;
    }
  }
  for (; p < n; p++) {
    const raw = inputs[from + p]!;
    indices[end] = p;
    values[end] = raw * scale;
    end += (raw + 255) >> 8;
  }
  return end;
}

/** appendNonZeros for float inputs. */
function appendNonZeros(
  inputs: Float32Array,
  from: number,
  n: number,
  scale: number,
  indices: Int32Array,
  values: Float32Array,
  at: number,
): number {
  let end = at;
  for (let p = 0; p < n; p++) {
    const v = inputs[from + p]! * scale;
    if (v === 0) continue;
    indices[end] = p;
    values[end++] = v;
  }
  return end;
}

/**
 * One line per sample of a batch, with room for every input to be non-zero; in kernel memory, so the
 * WebAssembly kernels read a batch's entries in place instead of copying them in on every call.
 */
class BatchLines implements SparseLines {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;

  constructor(lines: number, capacity: number) {
    const set = kernels();
    this.offsets = set.allocateInts(lines + 1);
    this.indices = set.allocateInts(capacity);
    this.values = set.allocate(capacity);
  }
}
