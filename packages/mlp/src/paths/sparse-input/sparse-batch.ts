import type { Matrix } from '@nn/linalg';
import { kernels, type SparseLines } from '@nn/linalg/internal';
import type { BatchSource } from '../../training/gather-batch';
import { gatherTargets } from '../../training/targets';

/** A gathered batch's non-zero inputs, per sample (what the forward product walks) and per input (the weight gradient). */
export interface SparseBatch {
  size: number;
  bySample: BatchLines;
  byInput: BatchLines;
}

/**
 * Gathers a batch's non-zero inputs (scaled) as sparse lines, and its targets (one-hot classes or target rows)
 * and labels as `gatherBatch` does; one set of lines per batch size, in kernel memory, reused by every step.
 */
export class SparseBatchGatherer {
  private readonly batches = new Map<number, SparseBatch>();
  private words: { bytes: Uint8Array; view: Uint32Array | undefined } | undefined;
  private readonly scratch: Float32Array;

  /**
   * `transposed` false leaves `byInput` to the caller (the wasm-step path fills it inside its step call) or unused
   * (a forward pass).
   */
  constructor(
    private readonly inputSize: number,
    private readonly transposed = true,
  ) {
    this.scratch = new Float32Array(inputSize);
  }

  /** Samples order[start … start + y.cols) into the batch of that size; y and labels as in `gatherBatch`. */
  gather(source: BatchSource, start: number, y: Matrix, labels: Int32Array, epoch: number): SparseBatch {
    const { data, scale, order, augment } = source;
    const size = y.cols;
    const batch = this.batchOf(size);
    const { offsets, indices, values } = batch.bySample;
    const { inputs } = data;
    const n = this.inputSize;
    const scratch = this.scratch;
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
    }
    offsets[size] = at;
    gatherTargets(data, order, start, y, labels);
    if (this.transposed) kernels().transposeSparse(batch.bySample, size, batch.byInput, n);
    return batch;
  }

  /**
   * The lines for batches of `size`; a size below one already kept shares that one's memory (one batch is
   * gathered at a time), so an epoch's last, smaller batch adds nothing to the process's memory.
   */
  private batchOf(size: number): SparseBatch {
    let batch = this.batches.get(size);
    if (!batch) {
      const capacity = size * this.inputSize;
      let largest: SparseBatch | undefined;
      for (const kept of this.batches.values()) if (!largest || kept.size > largest.size) largest = kept;
      const within = largest && largest.size >= size ? largest : undefined;
      batch = {
        size,
        bySample: new BatchLines(size, capacity, within?.bySample),
        byInput: new BatchLines(this.inputSize, capacity, within?.byInput),
      };
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
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Appends the non-zero bytes of inputs[from … from + n) as (index, byte·scale) entries at `at`; returns the new
 * end. `words` views the same bytes 4 at a time (undefined when they are not 4-byte aligned or the host is
 * big-endian), so runs of zero pixels (an MNIST image's border) are skipped a word at a time; a word with pixels
 * is taken apart with shifts (no byte loads), every entry is written and the cursor moves only past non-zeros,
 * without a branch on pixels that are zero or not at random.
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

/** appendNonZeroBytes for float inputs. */
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
 * WebAssembly kernels read a batch's entries in place instead of copying them in on every call. With `sharing`
 * (lines of at least as many lines and entries), the first part of its arrays, which it keeps referenced: a view
 * does not keep the array the kernel heap handed out alive.
 */
export class BatchLines implements SparseLines {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;

  constructor(
    lines: number,
    capacity: number,
    readonly sharing?: BatchLines,
  ) {
    const set = kernels();
    this.offsets = sharing ? sharing.offsets.subarray(0, lines + 1) : set.allocateInts(lines + 1);
    this.indices = sharing ? sharing.indices.subarray(0, capacity) : set.allocateInts(capacity);
    this.values = sharing ? sharing.values.subarray(0, capacity) : set.allocate(capacity);
  }
}
