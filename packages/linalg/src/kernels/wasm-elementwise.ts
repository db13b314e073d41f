import type { CallFrame } from './call-frame';
import type { KernelExports } from './kernel-exports';
import type { KernelSet } from './kernel-set';
import type { WasmHeap } from './wasm-heap';

/** The element-wise members of the KernelSet: passes over arrays, each a single call into the module. */
export type ElementwiseKernels = Pick<
  KernelSet,
  'adamUpdate' | 'scaleAdd' | 'reluForward' | 'reluBackward' | 'finiteCheck' | 'addBias' | 'sumRows' | 'dropoutMask'
>;

/**
 * The element-wise kernels over an instantiated module. Arrays in kernel memory are read in place; others are
 * copied into `frame`'s scratch and the results copied back.
 */
export function wasmElementwise(exports: KernelExports, heap: WasmHeap, frame: CallFrame): ElementwiseKernels {
  /** adamUpdate's path for arrays outside kernel memory: the n floats from `offset` copied in and back. */
  const adamCopying = (
    n: number,
    arrays: Float32Array[],
    beta1: number,
    beta2: number,
    stepSize: number,
    epsilon: number,
    offset: number,
  ) => {
    const [w, g, m, v] = arrays.map((a) => a.subarray(offset, offset + n)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    frame.begin(frame.copies(w, n) + frame.copies(g, n) + frame.copies(m, n) + frame.copies(v, n));
    const pw = frame.place(w, n);
    const pg = frame.place(g, n);
    const pm = frame.place(m, n);
    const pv = frame.place(v, n);
    exports.adam(n, pw, pg, pm, pv, beta1, beta2, stepSize, epsilon);
    frame.finish(w, pw, n);
    frame.finish(m, pm, n);
    frame.finish(v, pv, n);
  };

  /** dropoutMask's path for arrays outside kernel memory: copied in, and the keys, mask and product copied back. */
  const dropoutCopying = (
    units: number,
    samples: number,
    keys: Int32Array,
    seed: number,
    threshold: number,
    keep: number,
    a: Float32Array,
    mask: Float32Array,
    dropped: Float32Array,
  ) => {
    const n = units * samples;
    frame.begin(frame.copies(keys, samples) + frame.copies(a, n) + frame.copies(mask, n) + frame.copies(dropped, n));
    const pk = frame.placeInts(keys, samples);
    const pa = frame.place(a, n);
    const pm = frame.place(mask, n, false);
    const pd = frame.place(dropped, n, false);
    exports.dropoutMask(units, samples, pk, seed, threshold, keep, pa, pm, pd);
    frame.finishInts(keys, pk, samples);
    frame.finish(mask, pm, n);
    frame.finish(dropped, pd, n);
  };

  return {
    adamUpdate(n, weights, gradients, m, v, beta1, beta2, stepSize, epsilon, offset = 0) {
      // Small when every operand lives in kernel memory, so V8 inlines it and the step's numbers reach the
      // kernel unboxed (a call that is not inlined boxes each double argument: garbage on every step).
      const skip = 4 * offset;
      if (heap.contains(weights) && heap.contains(gradients) && heap.contains(m) && heap.contains(v)) {
        exports.adam(
          n,
          weights.byteOffset + skip,
          gradients.byteOffset + skip,
          m.byteOffset + skip,
          v.byteOffset + skip,
          beta1,
          beta2,
          stepSize,
          epsilon,
        );
        return;
      }
      adamCopying(n, [weights, gradients, m, v], beta1, beta2, stepSize, epsilon, offset);
    },

    scaleAdd(n, alpha, x, beta, y) {
      // Small when both operands live in kernel memory, for the reason given in adamUpdate.
      if (heap.contains(x) && heap.contains(y)) return exports.scaleAdd(n, alpha, x.byteOffset, beta, y.byteOffset);
      frame.begin(frame.copies(x, n) + frame.copies(y, n));
      const px = frame.place(x, n);
      const py = frame.place(y, n);
      const check = exports.scaleAdd(n, alpha, px, beta, py);
      frame.finish(y, py, n);
      return check;
    },

    reluForward(n, z, a) {
      frame.begin(frame.copies(z, n) + frame.copies(a, n));
      const pz = frame.place(z, n);
      const pa = frame.place(a, n, false);
      exports.reluForward(n, pz, pa);
      frame.finish(a, pa, n);
    },

    reluBackward(n, z, da, dz) {
      frame.begin(frame.copies(z, n) + frame.copies(da, n) + frame.copies(dz, n));
      const pz = frame.place(z, n);
      const pda = frame.place(da, n);
      const pdz = frame.place(dz, n, false);
      exports.reluBackward(n, pz, pda, pdz);
      frame.finish(dz, pdz, n);
    },

    finiteCheck(n, x) {
      frame.begin(frame.copies(x, n));
      return exports.finiteCheck(n, frame.place(x, n));
    },

    addBias(rows, cols, x, b) {
      frame.begin(frame.copies(x, rows * cols) + frame.copies(b, rows));
      const px = frame.place(x, rows * cols);
      const pb = frame.place(b, rows);
      exports.addBias(rows, cols, px, pb);
      frame.finish(x, px, rows * cols);
    },

    sumRows(rows, cols, x, out) {
      frame.begin(frame.copies(x, rows * cols) + frame.copies(out, rows));
      const px = frame.place(x, rows * cols);
      const po = frame.place(out, rows, false);
      exports.sumRows(rows, cols, px, po);
      frame.finish(out, po, rows);
    },

    dropoutMask(units, samples, keys, seed, threshold, keep, a, mask, dropped) {
      // Small when every operand lives in kernel memory, for the reason given in adamUpdate.
      if (heap.contains(keys) && heap.contains(a) && heap.contains(mask) && heap.contains(dropped)) {
        exports.dropoutMask(
          units,
          samples,
          keys.byteOffset,
          seed,
          threshold,
          keep,
          a.byteOffset,
          mask.byteOffset,
          dropped.byteOffset,
        );
        return;
      }
      dropoutCopying(units, samples, keys, seed, threshold, keep, a, mask, dropped);
    },
  };
}
