// @ts-check
// How training cost grows with the network: 784-W-W-10 for hidden widths 128 … 2048, on 1 and 2 threads, @nn/mlp
// (../scaling-mlp.mjs) next to PyTorch (../../python/scaling_torch.py), each point in its own process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { markdownTable } from '../lib/table.mjs';
import { blasLabel, runTorchScript } from '../lib/torch.mjs';

export const title = 'Scaling with the network';

const WIDTHS = [128, 256, 512, 1024, 2048];
const THREADS = [1, 2];
/** Floating-point work per measured epoch, so every point takes a few seconds: the small nets see all 60 000 images. */
const EPOCH_FLOPS = 100e9;

/**
 * Training work per sample: 2 flops per weight forward, 4 backward (dW and da; the first layer's da is not needed).
 * @param {number} width
 */
function flopsPerSample(width) {
  const first = 784 * width;
  return 6 * (first + width * width + width * 10) - 2 * first;
}

/**
 * Whole batches of 128, at most the 60 000 training images, about EPOCH_FLOPS of work.
 * @param {number} width
 */
function samplesFor(width) {
  return Math.min(60_000, Math.max(1280, Math.round(EPOCH_FLOPS / flopsPerSample(width) / 1280) * 1280));
}

/** @param {number} width @param {number} threads @param {number} samples */
function ours(width, threads, samples) {
  const script = fileURLToPath(new URL('../scaling-mlp.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script, String(width), String(threads), String(samples)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return /** @type {{ seconds: number }} */ (JSON.parse(out.trim().split('\n').at(-1) ?? '{}')).seconds;
}

export async function run() {
  const rows = [];
  let peer = 'PyTorch';
  let note = '';
  for (const width of WIDTHS) {
    const samples = samplesFor(width);
    for (const threads of THREADS) {
      const mine = ours(width, threads, samples);
      const torch = runTorchScript('scaling_torch.py', [String(width), String(threads), String(samples)], threads);
      const theirs = typeof torch === 'string' ? Number.NaN : torch.seconds;
      if (typeof torch === 'string') note = ` ${torch}`;
      else peer = `PyTorch ${torch.torch} (${blasLabel(torch.openblasCore)})`;
      const perEpoch = (/** @type {number} */ seconds) => (seconds * 60_000) / samples;
      const rate = (/** @type {number} */ seconds) => (flopsPerSample(width) * samples) / seconds / 1e9;
      rows.push([
        `784-${width}-${width}-10`,
        String(threads),
        String(samples),
        perEpoch(mine).toFixed(2),
        rate(mine).toFixed(1),
        perEpoch(theirs).toFixed(2),
        rate(theirs).toFixed(1),
        (mine / theirs).toFixed(2),
      ]);
    }
  }
  const header = [
    'network',
    'threads',
    'images timed',
    '@nn/mlp s/epoch',
    '@nn/mlp GFLOP/s',
    'PyTorch s/epoch',
    'PyTorch GFLOP/s',
    'ours ÷ PyTorch',
  ];
  return `Training cost as the hidden layers widen: 784-W-W-10 relu/relu/softmax, cross-entropy, Adam, batch 128, on
the first "images timed" MNIST training images (all 60 000 for the small networks, about ${EPOCH_FLOPS / 1e9} GFLOP of
work for the large ones), two epochs per process and the second (warm) one timed; s/epoch scales that to 60 000
images. GFLOP/s counts the training work of a dense network (6 flops per weight and sample, less the first layer's
input gradient), so our sparse first layer's skipped zeros count as done. @nn/mlp: fit() as users call it
(bench/src/scaling-mlp.mjs; 2 threads: \`dataParallel\`). ${peer}: bench/python/scaling_torch.py with
\`torch.set_num_threads\`.${note}

${markdownTable(header, rows)}`;
}
