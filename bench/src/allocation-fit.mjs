// @ts-check
/**
 * What fit() allocates per training step after warm-up: 784-128-64-10 relu/softmax, Adam, batch 128 on full MNIST.
 * The heap's used bytes after a full GC at the end of epoch `WARM_EPOCHS` and `MEASURED_EPOCHS` epochs later; then
 * V8's sampling heap profiler (objects collected later counted too) over as many more, the profiler's own frames
 * left out (it keeps data of its own on the heap, so the growth is measured without it). Bytes allocated inside a
 * step (under @nn/mlp's per-batch calls, STEP_FRAMES) are told apart from those around it: fit()'s turns of the
 * event loop (every 100 ms), its events and its epoch ends. The recipe is the default one ("Train MNIST":
 * Adam 3e-3 with a cosine schedule), so a new learning rate every step. With 2 threads the helper thread is
 * profiled too, through the main thread's inspector (lib/worker-inspector.mjs): everything it runs is steps, but
 * once in a run, at no fixed time, ≈22 kB are allocated there, so it is profiled epoch by epoch and the median
 * epoch counts. Prints one JSON line;
 * src/benchmarks/allocation.mjs runs it in a child process per row:
 *   node --expose-gc bench/src/allocation-fit.mjs <threads>
 */
import { Session } from 'node:inspector/promises';
import { fit, Network } from '@nn/mlp';
import { readMnist } from './lib/mnist.mjs';
import { WorkerInspector } from './lib/worker-inspector.mjs';
import { toShared, workerThreads } from './lib/worker-threads.mjs';

/** @nn/mlp's functions that run one batch: what they and their callees allocate is the step's. */
const STEP_FRAMES = new Set(['step', 'finish', 'postAndFinish', 'finishStep']);
const WARM_EPOCHS = 4;
/**
 * Ten, not three: V8 still installs optimised code now and then in the epochs after warm-up (some kB each time, in a
 * different function each run), which over three epochs came to 10–40 bytes a step of one-off cost.
 */
const MEASURED_EPOCHS = 10;
const BATCH = 128;

/** @typedef {{ callFrame: { functionName: string, url: string, lineNumber: number }, selfSize: number, children: SamplingNode[] }} SamplingNode */

const threads = Number(process.argv[2] ?? 1);
const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
if (!gc) throw new Error('run with node --expose-gc');
const { images, labels } = readMnist('train');
const inputs = toShared(images);
const session = new Session();
let heapBefore = 0;
let heapAfter = Number.NaN;
/** @type {{ functions: Map<string, number>, total: number, inSteps: number } | undefined} */
let sampled;
/** @type {number[][]} per measured epoch, per helper thread: the bytes it allocated */
const helperEpochs = [];
const SAMPLING = {
  samplingInterval: 32,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
};
// The helper threads attach as fit starts them, so the session is open from the start when there are any.
const workers = new WorkerInspector(session);
if (threads > 1) {
  session.connect();
  await workers.enable();
}

const network = new Network({ layerSizes: [784, 128, 64, 10], seed: 1 });
await fit(
  network,
  { inputs, labels },
  {
    epochs: WARM_EPOCHS + 2 * MEASURED_EPOCHS,
    batchSize: BATCH,
    optimizer: { type: 'adam', learningRate: 3e-3 },
    schedule: { type: 'cosine' },
    ...(threads > 1 ? { dataParallel: workerThreads(threads) } : {}),
    // NN_WASM_STEP=off: the sparse-input path instead of fit()'s default, the whole step in WebAssembly.
    ...(process.env.NN_WASM_STEP === 'off' ? { wasmStep: false } : {}),
    async onEpochEnd({ epoch }) {
      const first = WARM_EPOCHS + MEASURED_EPOCHS;
      if (epoch > first && epoch <= first + MEASURED_EPOCHS) helperEpochs.push(await stopWorkerSampling());
      if (epoch >= first && epoch < first + MEASURED_EPOCHS) await workers.call('HeapProfiler.startSampling', SAMPLING);
      if (epoch === WARM_EPOCHS) {
        gc();
        heapBefore = process.memoryUsage().heapUsed;
      } else if (epoch === WARM_EPOCHS + MEASURED_EPOCHS) {
        gc();
        heapAfter = process.memoryUsage().heapUsed;
        if (threads === 1) session.connect();
        if (workers.count !== threads - 1) throw new Error(`${workers.count} of ${threads - 1} helpers attached`);
        await session.post('HeapProfiler.startSampling', SAMPLING);
      } else if (epoch === WARM_EPOCHS + 2 * MEASURED_EPOCHS) {
        sampled = bySource(await stopSampling());
      }
    },
  },
);
session.disconnect();
if (!sampled) throw new Error('the measured epochs did not run');
const steps = MEASURED_EPOCHS * Math.ceil(labels.length / BATCH);
const top = [...sampled.functions].sort((a, b) => b[1] - a[1]).slice(0, 4);
console.log(
  JSON.stringify({
    threads,
    steps,
    bytesPerStep: sampled.total / steps,
    inStepBytesPerStep: sampled.inSteps / steps,
    helperBytesPerStep: Array.from({ length: threads - 1 }, (_, h) => {
      const epochs = helperEpochs.map((helpers) => helpers[h] ?? Number.NaN).sort((a, b) => a - b);
      return (epochs[Math.floor(epochs.length / 2)] ?? Number.NaN) / (steps / MEASURED_EPOCHS);
    }),
    top: top.map(([where, bytes]) => ({ where, bytesPerStep: bytes / steps })),
    heapKb: [heapBefore / 1024, heapAfter / 1024],
  }),
);
process.exit(0);

/** The profile's root, taken out of the protocol reply (the tree itself is not kept: it would count as heap growth). */
async function stopSampling() {
  const reply = /** @type {{ profile: { head: SamplingNode } }} */ (await session.post('HeapProfiler.stopSampling'));
  return reply.profile.head;
}

/** Each helper's bytes allocated since its profiler started. */
async function stopWorkerSampling() {
  const replies = /** @type {{ profile: { head: SamplingNode } }[]} */ (
    await workers.call('HeapProfiler.stopSampling')
  );
  return replies.map((reply) => bySource(reply.profile.head).total);
}

/**
 * Bytes per allocating function, leaving out the profiler's own frames (node:inspector, the worker inspector's
 * message handling, and what they call).
 * @param {SamplingNode} head
 */
function bySource(head) {
  /** @type {Map<string, number>} */
  const functions = new Map();
  let total = 0;
  let inSteps = 0;
  /** @param {SamplingNode} node @param {boolean} inStep */
  const walk = (node, inStep) => {
    const { functionName, url, lineNumber } = node.callFrame;
    if (url.startsWith('node:inspector') || url.endsWith('/worker-inspector.mjs')) return;
    const stepHere = inStep || (STEP_FRAMES.has(functionName) && url.includes('/mlp/dist/'));
    if (node.selfSize > 0) {
      const where = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
      functions.set(where, (functions.get(where) ?? 0) + node.selfSize);
      total += node.selfSize;
      if (stepHere) inSteps += node.selfSize;
    }
    for (const child of node.children) walk(child, stepHere);
  };
  walk(head, false);
  return { functions, total, inSteps };
}
