// GFLOP/s of each kernel set's three GEMM forms on the network's shapes, with operands inside the
// WebAssembly memory (allocated by the set) and outside it (ordinary Float32Arrays, copied per call),
// and the sparse first-layer kernels against their dense counterparts at MNIST's density.
// Run after `pnpm --filter @nn/linalg build`: node packages/linalg/scripts/bench-kernels.mjs
import { typescriptKernels, wasmKernels } from '../dist/index.js';
import { denseToSparse, mnistLikeInput } from './sparse-input.mjs';

const SHAPES = [
  // [label, m, n, k]: out is m×n, the inner dimension is k
  ['layer 1 forward 128×784·784×128', 128, 128, 784],
  ['layer 2 forward 64×128·128×128', 64, 128, 128],
  ['layer 3 forward 10×64·64×128', 10, 128, 64],
  ['dW1 128×128·128×784', 128, 784, 128],
  ['dx2 128×64·64×128', 128, 128, 64],
];
const FORMS = ['gemm', 'gemmTransposeA', 'gemmTransposeB'];

function fill(array, seed) {
  let state = seed;
  for (let i = 0; i < array.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    array[i] = state / 2 ** 32 - 0.5;
  }
  return array;
}

/** Median seconds per call over `rounds` timed rounds of enough calls to take ~40 ms each. */
function time(run) {
  for (let i = 0; i < 20; i++) run();
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    if (performance.now() - start > 40) break;
    calls *= 2;
  }
  const samples = [];
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    samples.push((performance.now() - start) / 1000 / calls);
  }
  return samples.sort((x, y) => x - y)[3];
}

const wasm = wasmKernels();
const sets = [
  ['typescript', typescriptKernels, (n) => new Float32Array(n)],
  ...(wasm
    ? [
        ['wasm (in memory)', wasm, (n) => wasm.allocate(n)],
        ['wasm (copied)', wasm, (n) => new Float32Array(n)],
      ]
    : []),
];

console.log(`| shape | form | ${sets.map(([name]) => name).join(' | ')} |`);
console.log(`|---|---|${sets.map(() => '---:').join('|')}|`);
for (const [label, m, n, k] of SHAPES) {
  for (const form of FORMS) {
    const cells = sets.map(([, set, allocate]) => {
      const a = fill(allocate(m * k), 1);
      const b = fill(allocate(k * n), 2);
      const out = allocate(m * n);
      const seconds = time(() => set[form](m, n, k, a, b, out, false));
      return ((2 * m * n * k) / seconds / 1e9).toFixed(1);
    });
    console.log(`| ${label} | ${form} | ${cells.join(' | ')} |`);
  }
}

// Sparse first layer: z1 = W1·x (forward) and dW1 = dz1·xᵀ, batch 128 of MNIST-like images.
const batch = 128;
const x = mnistLikeInput(784, batch, 3);
const sparse = denseToSparse(x, 784, batch);
console.log(`\nsparse input: ${((sparse.columns.offsets[batch] / (784 * batch)) * 100).toFixed(1)}% non-zero`);
console.log('| kernel set | forward dense ms | forward sparse ms | gain | dW dense ms | dW sparse ms | gain |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, set, allocate] of sets) {
  const w1 = fill(allocate(128 * 784), 4);
  const w1t = fill(allocate(784 * 128), 5);
  const xIn = allocate(784 * batch);
  xIn.set(x);
  const dz1 = fill(allocate(128 * batch), 6);
  const z1 = allocate(128 * batch);
  const dW = allocate(128 * 784);
  const forwardDense = time(() => set.gemm(128, batch, 784, w1, xIn, z1, false));
  const forwardSparse = time(() => set.sparseGemmTransposeA(128, batch, 784, w1t, sparse.columns, z1, false));
  const gradientDense = time(() => set.gemmTransposeB(784, 128, batch, xIn, dz1, dW, false));
  const gradientSparse = time(() => set.sparseGemmTransposeB(784, 128, batch, sparse.rows, dz1, dW, false));
  const ms = (s) => (s * 1000).toFixed(3);
  console.log(
    `| ${name} | ${ms(forwardDense)} | ${ms(forwardSparse)} | ${(forwardDense / forwardSparse).toFixed(1)}× | ${ms(gradientDense)} | ${ms(gradientSparse)} | ${(gradientDense / gradientSparse).toFixed(1)}× |`,
  );
}
