// @ts-check
// What fit() allocates per training step after warm-up, on one thread and on two (../allocation-fit.mjs in a child
// process per row).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { markdownTable } from '../lib/table.mjs';

export const title = 'Allocation per training step';

const script = fileURLToPath(new URL('../allocation-fit.mjs', import.meta.url));

/**
 * @param {number} threads
 * @returns {{ steps: number, bytesPerStep: number, inStepBytesPerStep: number, helperBytesPerStep: number[], heapKb: [number, number], top: { where: string, bytesPerStep: number }[] }}
 */
function measure(threads) {
  const output = execFileSync(process.execPath, ['--expose-gc', script, String(threads)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop() ?? '');
}

export async function run() {
  const rows = [1, 2].map((threads) => {
    const { steps, bytesPerStep, inStepBytesPerStep, helperBytesPerStep, heapKb, top } = measure(threads);
    const sources = top
      .filter((source) => source.bytesPerStep >= 1)
      .map((source) => `${source.where.replace(/ .*\//, ' ')} ${source.bytesPerStep.toFixed(0)}`)
      .join(', ');
    return [
      threads === 1 ? 'one thread' : `${threads} threads (the coordinator's thread)`,
      String(steps),
      inStepBytesPerStep.toFixed(1),
      bytesPerStep.toFixed(0),
      helperBytesPerStep.length > 0 ? helperBytesPerStep.map((bytes) => bytes.toFixed(1)).join(', ') : '—',
      `${heapKb[0].toFixed(0)} → ${heapKb[1].toFixed(0)}`,
      sources,
    ];
  });
  return `fit() on the 60 000 MNIST training images (784-128-64-10 relu/softmax, Adam 3e-3 with a cosine schedule,
batch 128: the default recipe), \`bench/src/allocation-fit.mjs\` in a child process per row: the heap's used kB after a
full GC at the end of epochs 4 and 14, then every allocation over 10 more epochs by V8's sampling heap profiler
(objects collected since counted too; the profiler's own left out), per step: inside the step (under @nn/mlp's
per-batch calls), and in all (with fit()'s turns of the event loop every 100 ms, its events and epoch ends), with
the largest sources (function and line in the built bundle, bytes per step). With 2 threads the helper thread is
profiled too, epoch by epoch through the main thread's inspector (its whole loop is steps; the median epoch, since
once in a run it allocates ≈22 kB at no fixed time). A boxed number is 16 bytes.

${markdownTable(['fit()', 'steps measured', 'bytes per step inside the step', 'bytes per step in all', 'helper thread, bytes per step', 'heap after GC, epoch 4 → 14 (kB)', 'largest sources'], rows)}`;
}
