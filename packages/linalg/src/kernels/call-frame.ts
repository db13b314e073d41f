import type { SparseLines } from './kernel-set';
import { classBytes, type WasmHeap } from './wasm-heap';

/**
 * Lays out one call's operands: arrays already in the heap are used in place, the others are
 * copied into one scratch block that is kept between calls and grown when a call needs more.
 */
export class CallFrame {
  private scratch = { address: 0, sizeClass: 0, bytes: 0 };
  private cursor = 0;

  constructor(private readonly heap: WasmHeap) {}

  /** Reserves `bytes` for this call's copies (call once per kernel call, before `place`). */
  begin(bytes: number): void {
    if (bytes > this.scratch.bytes) {
      if (this.scratch.bytes > 0) this.heap.free(this.scratch.address, this.scratch.sizeClass);
      const block = this.heap.allocateScratch(bytes);
      this.scratch = { ...block, bytes: classBytes(block.sizeClass) };
    }
    this.cursor = this.scratch.address;
  }

  /**
   * Scratch bytes `place` needs for `array`'s first `length` values: none when it lives in the heap already, so a
   * call over heap arrays (a 1024-wide layer's 4 MB weights) reserves no copy of them.
   */
  copies(array: Float32Array | Int32Array, length: number): number {
    return this.heap.contains(array) ? 0 : aligned(length);
  }

  /** `copies` for a sparse operand's offsets (lines + 1), indices and values (`entries`, its own count by default). */
  sparseCopies(x: SparseLines, lines: number, entries = x.offsets[lines]!): number {
    return this.copies(x.offsets, lines + 1) + this.copies(x.indices, entries) + this.copies(x.values, entries);
  }

  /** Address of `array`'s first `length` floats: in place, or a copy (uncopied when `copy` is false). */
  place(array: Float32Array, length: number, copy = true): number {
    if (this.heap.contains(array)) return array.byteOffset;
    const address = this.reserve(length * 4);
    if (copy) copyInto(this.heap.f32(), address / 4, array, length);
    return address;
  }

  placeInts(array: Int32Array, length: number, copy = true): number {
    if (this.heap.contains(array)) return array.byteOffset;
    const address = this.reserve(length * 4);
    if (copy) copyInto(this.heap.i32(), address / 4, array, length);
    return address;
  }

  /** `finish` for integers. */
  finishInts(out: Int32Array, address: number, length: number): void {
    if (address !== out.byteOffset || !this.heap.contains(out)) {
      out.set(this.heap.i32().subarray(address / 4, address / 4 + length));
    }
  }

  reserve(bytes: number): number {
    const address = this.cursor;
    this.cursor += (bytes + 15) & ~15;
    // A call that reserves more than it began with would write over other arrays of the heap.
    if (this.cursor > this.scratch.address + this.scratch.bytes) {
      throw new RangeError(`CallFrame: ${bytes} bytes reserved beyond the call's scratch`);
    }
    return address;
  }

  /** Copies a result computed in scratch back to the caller's array. */
  finish(out: Float32Array, address: number, length: number): void {
    if (address !== out.byteOffset || !this.heap.contains(out)) {
      out.set(this.heap.f32().subarray(address / 4, address / 4 + length));
    }
  }
}

/**
 * target[at …] = source[0 … length): the whole array with `set`, a prefix (a sparse batch's entries in
 * storage sized for more) by a loop, because `subarray` would allocate a view on every kernel call.
 */
function copyInto<T extends Float32Array | Int32Array>(target: T, at: number, source: T, length: number): void {
  if (length === source.length) {
    target.set(source, at);
    return;
  }
  for (let i = 0; i < length; i++) target[at + i] = source[i]!;
}

/** Scratch bytes for arrays of these float counts, each rounded up to 16 bytes (fixed arity: no rest array per call). */
export function bytesFor(a: number, b = 0, c = 0, d = 0): number {
  return aligned(a) + aligned(b) + aligned(c) + aligned(d);
}

function aligned(length: number): number {
  // Integer arithmetic (memory is at most 1 GiB), so V8 passes the sums on as small integers, not boxed doubles.
  return ((length + 3) >> 2) << 4;
}
