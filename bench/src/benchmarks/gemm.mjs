// @ts-check
// GFLOP/s of the three products (AB, AᵀB, ABᵀ) on the network's shapes and 512³: @nn/linalg's Matrix.*Into
// with each kernel set it exports, tfjs-core matMul on its cpu and wasm backends, jax-js, ml-matrix, and
// numpy/OpenBLAS (one thread, through ../../python/openblas_gemm.py) as the native reference.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init as initJax, jit, numpy as jnp } from '@jax-js/jax';
import { Matrix } from '@nn/linalg';
import { typescriptKernels, useKernels, wasmKernels } from '@nn/linalg/internal';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { MatrixTransposeView, Matrix as MlMatrix } from 'ml-matrix';
import { secondsPerCall } from '../lib/measure.mjs';
import { peerEnv } from '../lib/peer-env.mjs';
import { markdownTable } from '../lib/table.mjs';

export const title = 'GEMM';

/** Our kernel sets, by what @nn/linalg/internal exports; a new set is one more line here. */
const KERNEL_SETS = [
  { label: '@nn/linalg typescript', set: typescriptKernels },
  { label: '@nn/linalg wasm-simd', set: wasmKernels() },
].filter((entry) => entry.set !== undefined);

/** @typedef {[rows: number, cols: number]} Dims */
/**
 * @typedef {{ name: string, into: (out: Matrix, a: Matrix, b: Matrix) => unknown,
 *   aShape: (m: number, k: number) => Dims, bShape: (k: number, n: number) => Dims, tA: boolean, tB: boolean }} Form
 */

/** [m, k, n]: out (m×n) = A (m×k) · B (k×n). The first three are the network's layers at batch 128. */
/** @type {[m: number, k: number, n: number][]} */
const SHAPES = [
  [128, 784, 128],
  [64, 128, 128],
  [10, 64, 128],
  [512, 512, 512],
];

/** How each form stores its operands: AᵀB reads A as k×m, ABᵀ reads B as n×k. */
/** @type {Form[]} */
const FORMS = [
  { name: 'AB', into: Matrix.mulInto, aShape: (m, k) => [m, k], bShape: (k, n) => [k, n], tA: false, tB: false },
  {
    name: 'AᵀB',
    into: Matrix.mulTransposeAInto,
    aShape: (m, k) => [k, m],
    bShape: (k, n) => [k, n],
    tA: true,
    tB: false,
  },
  {
    name: 'ABᵀ',
    into: Matrix.mulTransposeBInto,
    aShape: (m, k) => [m, k],
    bShape: (k, n) => [n, k],
    tA: false,
    tB: true,
  },
];

/**
 * Dense uniform values: no zeros, so the kernels' zero-skipping (useful on MNIST pixels) gives no help here.
 * @param {number} length
 * @param {number} seed
 */
function values(length, seed) {
  return Matrix.random(1, length, { seed }).data;
}

/** @param {number} seconds @param {number} flops */
const gflops = (seconds, flops) => flops / seconds / 1e9;

/**
 * @param {Form} form
 * @param {import('@nn/linalg/internal').KernelSet} set
 * @param {Dims} aShape @param {Dims} bShape @param {number} m @param {number} n
 */
function timeOurs(form, set, aShape, bShape, m, n) {
  const previous = useKernels(set);
  // Operands in the set's own memory, as long-lived weights and activations are: no copies per call.
  const matrix = (/** @type {Dims} */ [rows, cols], /** @type {number} */ seed) => {
    const data = set.allocate(rows * cols);
    data.set(values(rows * cols, seed));
    return new Matrix(rows, cols, data);
  };
  const a = matrix(aShape, 1);
  const b = matrix(bShape, 2);
  const out = new Matrix(m, n, set.allocate(m * n));
  try {
    return secondsPerCall(() => form.into(out, a, b));
  } finally {
    useKernels(previous);
  }
}

/** @param {Form} form @param {Dims} aShape @param {Dims} bShape */
function timeTfjs(form, aShape, bShape) {
  const a = tf.tensor2d(values(aShape[0] * aShape[1], 1), [aShape[0], aShape[1]]);
  const b = tf.tensor2d(values(bShape[0] * bShape[1], 2), [bShape[0], bShape[1]]);
  const seconds = secondsPerCall(() => {
    const c = tf.matMul(a, b, form.tA, form.tB);
    c.dataSync();
    c.dispose();
  });
  a.dispose();
  b.dispose();
  return seconds;
}

/** @param {Form} form @param {Dims} aShape @param {Dims} bShape */
function timeMlMatrix(form, aShape, bShape) {
  const a = MlMatrix.from1DArray(aShape[0], aShape[1], Array.from(values(aShape[0] * aShape[1], 1)));
  const b = MlMatrix.from1DArray(bShape[0], bShape[1], Array.from(values(bShape[0] * bShape[1], 2)));
  // Transpose views avoid a copy; mmul allocates its result on every call (it has no "into" form).
  const left = form.tA ? new MatrixTransposeView(a) : a;
  const right = form.tB ? new MatrixTransposeView(b) : b;
  return secondsPerCall(() => left.mmul(right), { rounds: 3 });
}

/**
 * jax-js matmul per form, jit-compiled so the transpose is part of the compiled kernel rather than a copy.
 * jit consumes its arguments (jax-js counts references), hence `.ref`; `dataSync` reads the result back
 * (and releases it), as the tfjs rows do.
 */
const JAX_FORMS = {
  AB: jit((/** @type {import('@jax-js/jax').Array} */ a, /** @type {import('@jax-js/jax').Array} */ b) =>
    jnp.matmul(a, b),
  ),
  AᵀB: jit((/** @type {import('@jax-js/jax').Array} */ a, /** @type {import('@jax-js/jax').Array} */ b) =>
    jnp.matmul(a.transpose(), b),
  ),
  ABᵀ: jit((/** @type {import('@jax-js/jax').Array} */ a, /** @type {import('@jax-js/jax').Array} */ b) =>
    jnp.matmul(a, b.transpose()),
  ),
};

/** @param {Form} form @param {Dims} aShape @param {Dims} bShape */
function timeJax(form, aShape, bShape) {
  const product = JAX_FORMS[/** @type {keyof typeof JAX_FORMS} */ (form.name)];
  const a = jnp.array(values(aShape[0] * aShape[1], 1)).reshape(aShape);
  const b = jnp.array(values(bShape[0] * bShape[1], 2)).reshape(bShape);
  const seconds = secondsPerCall(() => product(a.ref, b.ref).dataSync());
  a.dispose();
  b.dispose();
  return seconds;
}

/**
 * numpy's float32 matmul on one thread (OpenBLAS in numpy's wheels) for every shape, by our form names;
 * undefined when python3 with numpy is missing.
 * @returns {{ library: string, rates: Map<string, number> } | undefined}
 */
function openBlas() {
  const script = fileURLToPath(new URL('../../python/openblas_gemm.py', import.meta.url));
  /** @type {string} */
  let output;
  try {
    output = execFileSync('python3', [script], {
      input: JSON.stringify(SHAPES.map(([m, k, n]) => [m, n, k])),
      encoding: 'utf8',
      env: peerEnv(1),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
  /** @type {{ library: string, results: { m: number, n: number, k: number, AB: number, AtB: number, ABt: number }[] }} */
  const parsed = JSON.parse(output);
  const rates = new Map();
  for (const r of parsed.results) {
    const shape = `${r.m}×${r.k}·${r.k}×${r.n}`;
    rates.set(`${shape} AB`, r.AB);
    rates.set(`${shape} AᵀB`, r.AtB);
    rates.set(`${shape} ABᵀ`, r.ABt);
  }
  return { library: parsed.library, rates };
}

/** Points the tfjs wasm backend at the .wasm files shipped inside its npm package (no download). */
function wasmDistFolder() {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}

export async function run() {
  setWasmPaths(wasmDistFolder());
  await initJax('wasm');
  // First, while nothing else of ours is loaded in that process: numpy's figures.
  const blas = openBlas();
  /** @type {Map<string, number>} GFLOP/s by `${shape} ${form} ${library}` */
  const results = new Map();
  const key = (/** @type {string} */ shape, /** @type {string} */ form, /** @type {string} */ library) =>
    `${shape} ${form} ${library}`;
  const shapeLabel = (/** @type {[number, number, number]} */ [m, k, n]) => `${m}×${k}·${k}×${n}`;

  // Every library on one shape and form before the next, so a change in machine load hits them alike.
  for (const [m, k, n] of SHAPES) {
    const flops = 2 * m * k * n;
    const shape = shapeLabel([m, k, n]);
    for (const form of FORMS) {
      const aShape = form.aShape(m, k);
      const bShape = form.bShape(k, n);
      for (const { label, set } of KERNEL_SETS) {
        if (set) results.set(key(shape, form.name, label), gflops(timeOurs(form, set, aShape, bShape, m, n), flops));
      }
      for (const backend of ['cpu', 'wasm']) {
        if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialise`);
        await tf.ready();
        results.set(key(shape, form.name, `tfjs ${backend}`), gflops(timeTfjs(form, aShape, bShape), flops));
      }
      results.set(key(shape, form.name, 'jax-js'), gflops(timeJax(form, aShape, bShape), flops));
      results.set(key(shape, form.name, 'ml-matrix'), gflops(timeMlMatrix(form, aShape, bShape), flops));
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');

  const libraries = [...KERNEL_SETS.map((entry) => entry.label), 'tfjs cpu', 'tfjs wasm', 'jax-js', 'ml-matrix'];
  const fastest = KERNEL_SETS.at(-1)?.label ?? '';
  const rows = SHAPES.flatMap((dims) =>
    FORMS.map((form) => {
      const shape = shapeLabel(dims);
      const rate = (/** @type {string} */ library) => results.get(key(shape, form.name, library)) ?? Number.NaN;
      const ratio = (/** @type {string} */ ours, /** @type {string} */ theirs) =>
        `${(rate(ours) / rate(theirs)).toFixed(1)}×`;
      return [
        shape,
        form.name,
        ...libraries.map((library) => rate(library).toFixed(2)),
        ratio('@nn/linalg typescript', 'tfjs cpu'),
        ...KERNEL_SETS.slice(1).map(({ label }) => ratio(label, 'tfjs wasm')),
        (blas?.rates.get(`${shape} ${form.name}`) ?? Number.NaN).toFixed(1),
        `${((100 * rate(fastest)) / (blas?.rates.get(`${shape} ${form.name}`) ?? Number.NaN)).toFixed(0)}%`,
      ];
    }),
  );
  const header = [
    'product (A·B)',
    'form',
    ...libraries,
    'typescript ÷ tfjs cpu',
    ...KERNEL_SETS.slice(1).map(({ label }) => `${label.replace('@nn/linalg ', '')} ÷ tfjs wasm`),
    'OpenBLAS (numpy)',
    `${fastest.replace('@nn/linalg ', '')} ÷ OpenBLAS`,
  ];
  const tfWasmFlags = `SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`;
  return [
    'GFLOP/s (2·m·k·n per call, median of 5 rounds after a warm-up; higher is better), one thread, dense',
    'uniform operands. Ours: `Matrix.mulInto` (AB), `mulTransposeAInto` (AᵀB), `mulTransposeBInto` (ABᵀ) writing into',
    "a preallocated `out`, operands in each kernel set's own memory (`set.allocate`). tfjs-core 4.22: `matMul(a, b,",
    `transposeA, transposeB)\` plus \`dataSync()\`, on the cpu backend and the wasm backend (${tfWasmFlags}).`,
    'jax-js 0.1.25: `jit`-compiled `np.matmul` (with `.transpose()` of the transposed operand inside the jit) on its',
    'wasm device, plus `dataSync()`. ml-matrix 6.15: `mmul` (Float64, allocates its result; transposes as',
    '`MatrixTransposeView`). OpenBLAS: numpy float32 `matmul` into a preallocated output, fastest of 7 rounds,',
    `${blas ? `${blas.library} with OPENBLAS_NUM_THREADS=1` : 'not measured (python3 with numpy not found)'}.`,
    '',
    markdownTable(header, rows),
  ].join('\n');
}
