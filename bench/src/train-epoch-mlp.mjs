// @ts-check
/**
 * One training epoch over the 60 000 MNIST training images, batch 128, 784-128-64-10 relu/relu/softmax,
 * cross-entropy, Adam: @nn/mlp (with each of its kernel sets) against TensorFlow.js layers on its cpu and
 * wasm backends, in the same run. Each contender runs in its own child process so its peak RSS is its own.
 * `pnpm --filter @nn/bench bench train-epoch` runs it through src/benchmarks/train-epoch.mjs; directly:
 *   node bench/src/train-epoch-mlp.mjs [--only <contender> [rounds]]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { medianOf } from './lib/measure.mjs';
import { readMnist, shuffleInPlace } from './lib/mnist.mjs';
import { toShared, workerThreads } from './lib/worker-threads.mjs';

const BATCH = 128;
const LEARNING_RATE = 1e-3;
/** name → environment of its child process (NN_KERNELS picks @nn/linalg's kernel set at load). */
export const CONTENDERS = {
  '@nn/mlp (wasm-simd kernels, 2 threads)': { NN_THREADS: '2' },
  '@nn/mlp (wasm-simd kernels)': {},
  '@nn/mlp (sparse-input path, 2 threads)': { NN_THREADS: '2', NN_WASM_STEP: 'off' },
  '@nn/mlp (sparse-input path)': { NN_WASM_STEP: 'off' },
  '@nn/mlp (wasm-simd, dense first layer)': { NN_SPARSE_INPUT: 'off' },
  '@nn/mlp (typescript kernels)': { NN_KERNELS: 'typescript' },
  'tfjs-layers cpu': {},
  'tfjs-layers wasm': {},
};

/** @typedef {{ images: Uint8Array, labels: Uint8Array }} MnistTrain */
/**
 * seconds and cpuSeconds: the first epoch; warmSeconds: the second (our rows only).
 * @typedef {{ name: string, seconds: number, warmSeconds?: number, cpuSeconds: number, startupSeconds?: number, peakRssMb: number }} EpochResult
 */

/** Runs of each @nn/mlp row (fresh processes, interleaved); the table shows the median. */
const ROUNDS = 5;

/** @param {MnistTrain} data */
async function trainOurs({ images, labels }) {
  const { Network, fit } = await import('@nn/mlp');
  const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
  const threads = Number(process.env.NN_THREADS ?? 1);
  // With helper threads the images live in shared memory, as @nn/train loads them; copied before the clock starts.
  const inputs = threads > 1 ? toShared(images) : images;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let cpuSeconds = Number.NaN;
  // Two epochs: the first is the row's figure (it includes the JIT warming up, in every thread), the second the warm one.
  const { history } = await fit(
    network,
    { inputs, labels },
    {
      epochs: 2,
      onEpochEnd: ({ epoch }) => {
        if (epoch === 1) cpuSeconds = cpuSince(cpu);
      },
      batchSize: BATCH,
      optimizer: { type: 'adam', learningRate: LEARNING_RATE },
      // fit() trains the first layer on the non-zero pixels by itself; this row measures the dense path.
      ...(process.env.NN_SPARSE_INPUT === 'off' ? { sparseInput: false } : {}),
      ...(threads > 1 ? { dataParallel: workerThreads(threads) } : {}),
      // fit() runs the whole step in WebAssembly by itself (the wasm-step path); these rows measure the one before it.
      ...(process.env.NN_WASM_STEP === 'off' ? { wasmStep: false } : {}),
    },
  );
  const wall = (performance.now() - started) / 1000;
  // fit()'s own epoch timer covers the batches; the rest of the wall time is set-up (for 2 threads: starting one).
  const [seconds = Number.NaN, warmSeconds = Number.NaN] = history.map((epoch) => epoch.seconds);
  return { seconds, warmSeconds, cpuSeconds, startupSeconds: wall - seconds - warmSeconds };
}

/**
 * CPU seconds (user + system) of this process since `start`: on a machine shared with other jobs the wall time
 * also counts the time the process waited for a core, its CPU time does not.
 * @param {NodeJS.CpuUsage} start
 */
function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * @param {MnistTrain} data
 * @param {string} backend 'cpu' or 'wasm'
 */
async function trainTfjs({ images, labels }, backend) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  const tfl = await import('@tensorflow/tfjs-layers');
  await tf.setBackend(backend);
  await tf.ready();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
      tfl.layers.dense({ units: 64, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy' });
  const count = labels.length;
  const order = Int32Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order);
  // Batches are gathered from the uint8 images as they are used, as @nn/mlp does, rather than holding a
  // 188 MB float tensor of the whole set: both sides then train from the same bytes in memory.
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const x = new Float32Array(size * 784);
    const y = new Float32Array(size * 10);
    for (let j = 0; j < size; j++) {
      const sample = order[start + j] ?? 0;
      for (let p = 0; p < 784; p++) x[j * 784 + p] = (images[sample * 784 + p] ?? 0) / 255;
      y[j * 10 + (labels[sample] ?? 0)] = 1;
    }
    const xs = tf.tensor2d(x, [size, 784]);
    const ys = tf.tensor2d(y, [size, 10]);
    await model.trainOnBatch(xs, ys);
    xs.dispose();
    ys.dispose();
  }
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu) };
}

/** @param {string} name */
async function runOne(name) {
  const data = readMnist('train');
  const result = name.startsWith('@nn/mlp') ? await trainOurs(data) : await trainTfjs(data, name.split(' ')[1] ?? '');
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ name, ...result, peakRssMb })}\n`);
}

/**
 * Runs each contender in a child process, one after the other; returns a markdown table.
 * @param {string[]} names
 */
export function measureTrainingEpoch(names = Object.keys(CONTENDERS), rounds = ROUNDS) {
  const self = fileURLToPath(import.meta.url);
  /** @param {string} name @returns {EpochResult} */
  const measure = (name) => {
    const env = { ...process.env, ...CONTENDERS[/** @type {keyof typeof CONTENDERS} */ (name)] };
    const out = execFileSync(process.execPath, [self, '--child', name], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  };
  // Our rows take about a second each: they run `rounds` times, interleaved, and the median run is shown, because
  // single runs on a shared 2-core machine vary by 20–40%. The tfjs rows (8–55 s each) run once.
  const ours = names.filter((name) => name.startsWith('@nn/mlp'));
  /** @type {Map<string, EpochResult[]>} */
  const runs = new Map(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) for (const name of ours) runs.get(name)?.push(measure(name));
  for (const name of names) if (!ours.includes(name)) runs.get(name)?.push(measure(name));
  const results = names.map((name) => median(runs.get(name) ?? []));
  const base = results[0]?.seconds ?? Number.NaN;
  const rows = results.map((r) => {
    const all = (runs.get(r.name) ?? []).map((run) => run.seconds.toFixed(2)).join(', ');
    const warm =
      r.warmSeconds === undefined ? '—' : medianOf((runs.get(r.name) ?? []).map((run) => run.warmSeconds ?? 0));
    return `| ${r.name} | ${r.seconds.toFixed(2)} | ${all} | ${typeof warm === 'number' ? warm.toFixed(2) : warm} | ${r.cpuSeconds.toFixed(2)} | ${(r.seconds / base).toFixed(2)} | ${r.startupSeconds?.toFixed(2) ?? '—'} | ${r.peakRssMb.toFixed(0)} |`;
  });
  return [
    `| implementation | s/epoch (median) | all runs | second epoch s (median) | CPU s/epoch | time ÷ ${names[0]} | fit() set-up s | peak RSS (MB) |`,
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/**
 * The run with the median wall time (the lower middle one for an even count).
 * @param {EpochResult[]} results
 */
function median(results) {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  return sorted[(sorted.length - 1) >> 1] ?? { name: '?', seconds: Number.NaN, cpuSeconds: Number.NaN, peakRssMb: 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') await runOne(args[1] ?? '');
  else console.log(measureTrainingEpoch(args[0] === '--only' ? [args[1] ?? ''] : undefined, Number(args[2] ?? ROUNDS)));
}
