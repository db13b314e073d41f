import { bytesFor, CallFrame } from './call-frame';
import type { KernelExports } from './kernel-exports';
import type { KernelSet, SparseLines } from './kernel-set';
import { wasmElementwise } from './wasm-elementwise';
import type { WasmHeap } from './wasm-heap';

/** The KernelSet over an instantiated kernel module; `heap` owns the memory the module imports. */
export function wasmKernelSet(exports: KernelExports, heap: WasmHeap): KernelSet {
  const frame = new CallFrame(heap);
  const flag = (accumulate: boolean) => (accumulate ? 1 : 0);
  // Addresses of the last placed sparse operand's offsets, indices and values (reused: no array per call).
  const sparseAt = new Int32Array(3);
  const placeSparse = (x: SparseLines, lines: number) => {
    const entries = x.offsets[lines]!;
    sparseAt[0] = frame.placeInts(x.offsets, lines + 1);
    sparseAt[1] = frame.placeInts(x.indices, entries);
    sparseAt[2] = frame.place(x.values, entries);
    return sparseAt;
  };
  return {
    name: heap.shared ? 'wasm-simd' : 'wasm-simd (copying)',
    allocate: (length) => heap.allocate(length),
    allocateInts: (length) => heap.allocateInts(length),
    ...wasmElementwise(exports, heap, frame),

    transposeSparse(source, sourceLines, target, targetLines) {
      const entries = source.offsets[sourceLines]!;
      frame.begin(frame.sparseCopies(source, sourceLines) + frame.sparseCopies(target, targetLines, entries));
      const sparse = placeSparse(source, sourceLines);
      const so = sparse[0]!;
      const si = sparse[1]!;
      const sv = sparse[2]!;
      const to = frame.placeInts(target.offsets, targetLines + 1, false);
      const ti = frame.placeInts(target.indices, entries, false);
      const tv = frame.place(target.values, entries, false);
      exports.transposeLines(sourceLines, targetLines, so, si, sv, to, ti, tv);
      frame.finishInts(target.offsets, to, targetLines + 1);
      frame.finishInts(target.indices, ti, entries);
      frame.finish(target.values, tv, entries);
    },

    nonZeroLines(lines, length, a, target) {
      const room = lines * length;
      frame.begin(frame.copies(a, room) + frame.sparseCopies(target, lines, room));
      const pa = frame.place(a, room);
      const to = frame.placeInts(target.offsets, lines + 1, false);
      const ti = frame.placeInts(target.indices, room, false);
      const tv = frame.place(target.values, room, false);
      exports.nonZeroLines(lines, length, pa, to, ti, tv);
      frame.finishInts(target.offsets, to, lines + 1);
      const entries = target.offsets[lines]!;
      frame.finishInts(target.indices, ti, entries);
      frame.finish(target.values, tv, entries);
    },

    transpose(rows, cols, a, out) {
      frame.begin(frame.copies(a, rows * cols) + frame.copies(out, rows * cols));
      const pa = frame.place(a, rows * cols);
      const po = frame.place(out, rows * cols, false);
      exports.transpose(rows, cols, pa, po);
      frame.finish(out, po, rows * cols);
    },

    gemm(m, n, k, a, b, out, accumulate) {
      frame.begin(frame.copies(a, m * k) + frame.copies(b, k * n) + frame.copies(out, m * n));
      const pa = frame.place(a, m * k);
      const pb = frame.place(b, k * n);
      const po = frame.place(out, m * n, accumulate);
      exports.gemm(m, n, k, pa, pb, po, flag(accumulate));
      frame.finish(out, po, m * n);
    },

    gemmTransposeA(m, n, k, a, b, out, accumulate) {
      // Reading aᵀ straight from a (k×m) walks a 4-float strip down all k rows for every output tile,
      // one cache line per row: at k = 784 that strip outgrows L1. Laying aᵀ out first (k·m moves)
      // lets the A·B tile stream contiguous rows (faster, as measured in docs/benchmarks.md). It is laid out
      // TRANSPOSE_PANEL rows at a time, each panel's product taken before the next: a 1024-wide layer's Wᵀ
      // needs 0.5 MB of scratch, not 4.
      const panel = Math.min(m, TRANSPOSE_PANEL);
      frame.begin(frame.copies(a, k * m) + bytesFor(panel * k) + frame.copies(b, k * n) + frame.copies(out, m * n));
      const pa = frame.place(a, k * m);
      const pat = frame.reserve(panel * k * 4);
      const pb = frame.place(b, k * n);
      const po = frame.place(out, m * n, accumulate);
      for (let row = 0; row < m; row += panel) {
        const rows = Math.min(panel, m - row);
        exports.transposeColumns(k, rows, m, pa + row * 4, pat);
        exports.gemm(rows, n, k, pat, pb, po + row * n * 4, flag(accumulate));
      }
      frame.finish(out, po, m * n);
    },

    gemmTransposeB(m, n, k, a, b, out, accumulate) {
      // Dot products along k, read straight from B's rows: laying Bᵀ out first for the A·B tiles costs n·k moves,
      // a large share of the time when A has few rows (docs/benchmarks.md).
      frame.begin(frame.copies(a, m * k) + frame.copies(b, n * k) + frame.copies(out, m * n));
      const pa = frame.place(a, m * k);
      const pb = frame.place(b, n * k);
      const po = frame.place(out, m * n, accumulate);
      exports.gemmTransposeB(m, n, k, pa, pb, po, flag(accumulate));
      frame.finish(out, po, m * n);
    },

    sparseGemmTransposeA(m, n, k, a, x, out, accumulate) {
      // Each chunk of a's rows copied together first when the batch's entries repay copying all of a: one sample
      // at a time (per-sample SGD) reads a in place.
      const packed = !accumulate && x.offsets[n]! >= 4 * k;
      // Outᵀ is only laid out when the sum is not written down out's columns directly.
      const direct = accumulate || (packed && m >= WIDE_COLUMNS);
      const laidOut = (direct ? 0 : bytesFor(n * m)) + (packed ? bytesFor(k * PACKED_ROW + LINE_FLOATS) : 0);
      frame.begin(frame.sparseCopies(x, n) + frame.copies(a, k * m) + frame.copies(out, m * n) + laidOut);
      const sparse = placeSparse(x, n);
      const offsets = sparse[0]!;
      const indices = sparse[1]!;
      const values = sparse[2]!;
      const pa = frame.place(a, k * m);
      if (accumulate) {
        const po = frame.place(out, m * n, true);
        exports.sparseColumns(n, m, offsets, indices, values, pa, po, n, 1, m);
        frame.finish(out, po, m * n);
        return;
      }
      // Each sample's sum is written as a contiguous row of outᵀ, then one transpose: faster than
      // storing every float down a column of out, except for wide layers (docs/benchmarks.md).
      const pt = direct ? 0 : frame.reserve(n * m * 4);
      const po = frame.place(out, m * n, false);
      if (packed) {
        const scratch = cacheLine(frame.reserve((k * PACKED_ROW + LINE_FLOATS) * 4));
        if (direct) {
          exports.sparsePackedColumns(n, m, offsets, indices, values, pa, po, n, 0, m, k, scratch);
          frame.finish(out, po, m * n);
          return;
        }
        exports.sparsePackedRows(n, m, offsets, indices, values, pa, pt, m, 0, m, k, scratch);
      } else {
        exports.sparseRows(n, m, offsets, indices, values, pa, pt, m, 0, m);
      }
      exports.transpose(n, m, pt, po);
      frame.finish(out, po, m * n);
    },

    sampledGemm(m, n, k, a, b, at, out) {
      // The dot products read b's columns as rows of bᵀ, laid out first (k·n moves: a small part of the work).
      frame.begin(
        frame.sparseCopies(at, m) +
          frame.copies(a, m * k) +
          frame.copies(b, k * n) +
          bytesFor(k * n) +
          frame.copies(out, m * n),
      );
      const offsets = frame.placeInts(at.offsets, m + 1);
      const indices = frame.placeInts(at.indices, at.offsets[m]!);
      const pa = frame.place(a, m * k);
      const pb = frame.place(b, k * n);
      const pbt = frame.reserve(k * n * 4);
      const po = frame.place(out, m * n, false);
      exports.transpose(k, n, pb, pbt);
      exports.sampledDots(m, n, k, pa, pbt, offsets, indices, po);
      frame.finish(out, po, m * n);
    },

    sparseGemmTransposeB(m, n, k, x, b, out, accumulate) {
      frame.begin(
        frame.sparseCopies(x, m) +
          frame.copies(b, n * k) +
          frame.copies(out, m * n) +
          bytesFor(k * n, k * PACKED_ROW + LINE_FLOATS),
      );
      const sparse = placeSparse(x, m);
      const offsets = sparse[0]!;
      const indices = sparse[1]!;
      const values = sparse[2]!;
      const pb = frame.place(b, n * k);
      const pbt = frame.reserve(k * n * 4);
      const scratch = cacheLine(frame.reserve((k * PACKED_ROW + LINE_FLOATS) * 4));
      const po = frame.place(out, m * n, accumulate);
      exports.transpose(n, k, pb, pbt);
      exports.sparsePackedRows(m, n, offsets, indices, values, pbt, po, n, flag(accumulate), n, k, scratch);
      frame.finish(out, po, m * n);
    },
  };
}

/** Rows of aᵀ that gemmTransposeA lays out and multiplies at a time. */
const TRANSPOSE_PANEL = 128;
/** From this many units on, the forward writes down out's columns directly: its outᵀ no longer stays in L2. */
export const WIDE_COLUMNS = 1024;
/** Floats `sparsePackedRows` copies per dense row into its scratch at a time (one chunk). */
const PACKED_ROW = 16;
/**
 * The sparse kernels read the dense rows 64 bytes at a time; starting their scratch on a 64-byte boundary keeps
 * each of those reads in one cache line (a call frame's reservations are only 16-byte aligned). LINE_FLOATS is the
 * slack.
 */
const LINE_FLOATS = 12;
function cacheLine(address: number): number {
  return (address + 63) & ~63;
}
