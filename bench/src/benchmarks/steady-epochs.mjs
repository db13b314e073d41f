// @ts-check
// Warm epochs of the default network once V8 has compiled the step (issue 19's steady state, ≤ 0.25 s on 2 threads):
// ../steady-epochs-mlp.mjs in fresh processes, 1 and 2 threads interleaved.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { medianOf } from '../lib/measure.mjs';
import { markdownTable } from '../lib/table.mjs';

export const title = 'Steady-state epochs';

const RUNS = 5;
const EPOCHS = 8;
const THREADS = [1, 2];
/** Epochs from this one on count as warm (the first ones still wait for V8's optimising compiler). */
const FIRST_WARM = 4;

/** @param {number} threads @returns {number[]} each epoch's seconds */
function runOnce(threads) {
  const script = fileURLToPath(new URL('../steady-epochs-mlp.mjs', import.meta.url));
  const out = execFileSync(process.execPath, [script, String(threads), String(EPOCHS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return /** @type {{ seconds: number[] }} */ (JSON.parse(out.trim().split('\n').at(-1) ?? '{}')).seconds;
}

export async function run() {
  /** @type {Map<number, number[][]>} */
  const runs = new Map(THREADS.map((threads) => [threads, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const threads of THREADS) runs.get(threads)?.push(runOnce(threads));
  }
  const rows = THREADS.map((threads) => {
    const epochs = runs.get(threads) ?? [];
    const warm = epochs.map((seconds) => medianOf(seconds.slice(FIRST_WARM - 1)));
    return [
      String(threads),
      medianOf(epochs.map((seconds) => seconds[0] ?? Number.NaN)).toFixed(3),
      medianOf(warm).toFixed(3),
      warm.map((s) => s.toFixed(3)).join(', '),
    ];
  });
  return [
    `fit() of 784-128-64-10 (relu/relu/softmax, cross-entropy, Adam 1e-3, batch 128) over the 60 000 MNIST training`,
    `images, ${EPOCHS} epochs per process, ${RUNS} processes per thread count, interleaved; 2 threads is \`dataParallel\``,
    `as \`nn train\` uses it. "Warm" is the median of epochs ${FIRST_WARM}–${EPOCHS} of a run, after V8 has compiled the`,
    'step in every thread; the table shows the median over the runs, then each run.',
    '',
    markdownTable(['threads', 'first epoch s', 'warm epoch s', 'warm epoch s, each run'], rows),
  ].join('\n');
}
