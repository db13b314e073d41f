// @ts-check
// The first layer's sparse products as the layer widens: GFLOP/s of useful work (2 · non-zero pixels · units per
// product) for the forward z1 = W1·x (`sparseGemmTransposeA` on W1ᵀ) and the weight gradient dW1ᵀ = x·dz1ᵀ
// (`sparseGemmTransposeB`), over 50 real MNIST batches of 128, for 128 … 2048 units (issue 19's target 2: ≥ 25).
import { loadavg } from 'node:os';
import { Matrix } from '@nn/linalg';
import { kernels, SparseMatrix } from '@nn/linalg/internal';
import { readMnist } from '../lib/mnist.mjs';
import { markdownTable } from '../lib/table.mjs';

export const title = 'Sparse first layer by width';

const BATCH = 128;
const BATCHES = 50;
const PIXELS = 784;
const WIDTHS = [128, 256, 512, 1024, 2048];

/**
 * The first BATCHES·BATCH training images as sparse batches (pixels / 255), both forms copied into kernel memory,
 * where the training paths keep their batches (wasm-step and sparse-input), so the kernels read them in place.
 * @param {import('@nn/linalg/internal').KernelSet} set
 */
function sparseBatches(set) {
  const { images } = readMnist('train');
  return Array.from({ length: BATCHES }, (_, b) => {
    const values = new Float32Array(PIXELS * BATCH);
    for (let s = 0; s < BATCH; s++) {
      for (let p = 0; p < PIXELS; p++)
        values[p * BATCH + s] = /** @type {number} */ (images[(b * BATCH + s) * PIXELS + p]) / 255;
    }
    const x = SparseMatrix.fromDense(new Matrix(PIXELS, BATCH, values));
    return { byColumn: inKernelMemory(set, x.byColumn, BATCH), byRow: inKernelMemory(set, x.byRow, PIXELS) };
  });
}

/**
 * @param {import('@nn/linalg/internal').KernelSet} set
 * @param {import('@nn/linalg/internal').SparseLines} x
 * @param {number} lines
 */
function inKernelMemory(set, x, lines) {
  const entries = /** @type {number} */ (x.offsets[lines]);
  const offsets = set.allocateInts(lines + 1);
  const indices = set.allocateInts(entries);
  const values = set.allocate(entries);
  offsets.set(x.offsets.subarray(0, lines + 1));
  indices.set(x.indices.subarray(0, entries));
  values.set(x.values.subarray(0, entries));
  return { offsets, indices, values };
}

/**
 * The fastest of 5 passes over every batch, in seconds: other processes on this 2-core machine only add time.
 * @param {() => void} pass
 */
function fastestPass(pass) {
  pass();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    pass();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

/**
 * @param {Float32Array} array
 * @param {(i: number) => number} value
 */
function filled(array, value) {
  for (let i = 0; i < array.length; i++) array[i] = value(i);
  return array;
}

export async function run() {
  const set = kernels();
  const batches = sparseBatches(set);
  const entries = batches.reduce((sum, x) => sum + (x.byColumn.offsets[BATCH] ?? 0), 0);
  const rows = WIDTHS.map((units) => {
    // Filled in place: `map` would return arrays outside kernel memory, copied in on every call.
    const weightsT = filled(set.allocate(PIXELS * units), (i) => Math.sin(i) * 0.05);
    const dz = filled(set.allocate(units * BATCH), (i) => Math.cos(i) * 0.01);
    const z = set.allocate(units * BATCH);
    const gradientT = set.allocate(PIXELS * units);
    const forward = fastestPass(() => {
      for (const x of batches) set.sparseGemmTransposeA(units, BATCH, PIXELS, weightsT, x.byColumn, z, false);
    });
    const gradient = fastestPass(() => {
      for (const x of batches) set.sparseGemmTransposeB(PIXELS, units, BATCH, x.byRow, dz, gradientT, false);
    });
    const flops = 2 * entries * units;
    const rate = (/** @type {number} */ seconds) => (flops / seconds / 1e9).toFixed(1);
    return [
      String(units),
      rate(forward),
      rate(gradient),
      ((forward / BATCHES) * 1000).toFixed(2),
      ((gradient / BATCHES) * 1000).toFixed(2),
    ];
  });
  const density = entries / (BATCHES * BATCH * PIXELS);
  return [
    `Kernel set ${set.name}, one thread, ${BATCHES} batches of ${BATCH} MNIST training images (${(density * 100).toFixed(1)}%`,
    `non-zero pixels), read from kernel memory as the training paths keep them; GFLOP/s of useful work`,
    `(2 · non-zeros · units; each call's own copies and transposes count as its time) and milliseconds per batch,`,
    `fastest of 5 passes.`,
    `Load average at the end: ${loadavg()[0]?.toFixed(2)}.`,
    '',
    markdownTable(['units', 'forward GFLOP/s', 'gradient GFLOP/s', 'forward ms', 'gradient ms'], rows),
  ].join('\n');
}
