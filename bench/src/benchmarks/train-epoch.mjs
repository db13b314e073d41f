// @ts-check
// One training epoch on full MNIST, @nn/mlp against tfjs-layers (cpu and wasm): see ../train-epoch-mlp.mjs;
// then the peers outside that file: jax-js (../train-epoch-jax.mjs) and PyTorch (../../python/train_epoch_torch.py).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { blasLabel, runTorchScript } from '../lib/torch.mjs';
import { measureTrainingEpoch } from '../train-epoch-mlp.mjs';

export const title = 'Training epoch';

const OURS = '@nn/mlp (wasm-simd kernels, 2 threads)';

/** @typedef {{ name: string, seconds: number, cpuSeconds: number, peakRssMb: number }} PeerResult */

/** jax-js: a cold (tracing + compiling) and a warm epoch in one child process. @returns {PeerResult[]} */
function measureJax() {
  const script = fileURLToPath(new URL('../train-epoch-jax.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  const name = 'jax-js 0.1.25 (jit, wasm)';
  return [
    { name: `${name}, first epoch`, seconds: r.coldSeconds, cpuSeconds: r.coldCpuSeconds, peakRssMb: r.peakRssMb },
    { name: `${name}, second epoch`, seconds: r.warmSeconds, cpuSeconds: r.warmCpuSeconds, peakRssMb: r.peakRssMb },
  ];
}

/**
 * PyTorch on `threads` threads, or a note when /usr/bin/python3 cannot import torch.
 * @param {number} threads
 * @returns {PeerResult | string}
 */
function measureTorch(threads) {
  const result = runTorchScript('train_epoch_torch.py', [String(threads)], threads);
  if (typeof result === 'string') return result;
  const { seconds, cpuSeconds, peakRssMb, torch, openblasCore } = result;
  const name = `PyTorch ${torch} (${blasLabel(openblasCore)}, ${threads} thread${threads > 1 ? 's' : ''})`;
  return { name, seconds, cpuSeconds, peakRssMb };
}

/**
 * The peers' table; `ours` is @nn/mlp's wall seconds from the same run, the base of the ratio column.
 * @param {number} ours
 */
export function measurePeers(ours) {
  const torch = [measureTorch(1), measureTorch(2)];
  const peers = [...measureJax(), ...torch.filter((r) => typeof r !== 'string')];
  const rows = peers.map(
    (r) =>
      `| ${r.name} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${(r.seconds / ours).toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`,
  );
  return {
    note: typeof torch[0] === 'string' ? ` ${torch[0]}` : '',
    table: [
      `| peer | s/epoch | CPU s/epoch | time ÷ ${OURS} | peak RSS (MB) |`,
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  };
}

export async function run() {
  const table = measureTrainingEpoch();
  // measureTrainingEpoch returns markdown only; our time is read back from its first row for the ratio.
  const ours = Number(table.match(/^\| @nn\/mlp \(wasm-simd kernels, 2 threads\) \| ([0-9.]+) \|/m)?.[1] ?? Number.NaN);
  const peers = measurePeers(ours);
  return `One epoch over the 60 000 MNIST training images, batch 128, 784-128-64-10 relu/relu/softmax, cross-entropy,
Adam (lr 1e-3); each run in its own child process (peak RSS is that process's maximum resident set, data included);
@nn/mlp's rows ran 5 times each, interleaved, and show the median run (all runs listed), the tfjs rows once.
tfjs-layers is driven with \`trainOnBatch\` on batches gathered from the same uint8 images. For @nn/mlp, s/epoch is
fit()'s own epoch timer and "fit() set-up" the rest of its wall time, paid once per fit (with 2 threads: starting
the helper thread and loading @nn/mlp in it). "2 threads" is fit()'s \`dataParallel\` (each thread computes half of
each batch, gradients summed in a fixed order), as \`nn train\` uses by default on a machine with 2 cores.

${table}

Peers, measured right after in the same run. jax-js: \`jit\` of the whole step (forward, \`valueAndGrad\`, Adam),
batches gathered from the uint8 images as above, waiting for each step; the first epoch includes tracing and Wasm
compilation. PyTorch: \`bench/python/train_epoch_torch.py\` with \`torch.set_num_threads(1)\` and (2), a tight loop
indexing a preloaded float tensor.${peers.note}

${peers.table}`;
}
