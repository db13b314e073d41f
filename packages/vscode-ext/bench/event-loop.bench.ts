import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { it } from 'vitest';
import { missingBuild, recordRealRun } from '../test/recorded-run';

/**
 * How long the extension host's event loop is held up while a real run streams events into it: the
 * controller, the throttled dashboard feed, checkpoint weights read back after each epoch, and the
 * worker's messages, all on this thread as in VS Code (the editor itself is the fake `vscode` module).
 * Prints p50/p99/max; the goal is p99 < 20 ms. Settings: NN_BENCH_LIMIT (default: all 60000 images),
 * NN_BENCH_THREADS (the `nn.threads` setting; default unset: 2 on a machine with 2+ cores).
 */
it('event-loop delay while a run streams events', async () => {
  const missing = missingBuild();
  if (missing) throw new Error(missing);
  const limit = process.env.NN_BENCH_LIMIT ? Number(process.env.NN_BENCH_LIMIT) : null;
  const threads = process.env.NN_BENCH_THREADS ? Number(process.env.NN_BENCH_THREADS) : null;
  // The same measurement with nothing running first: on a busy machine the loop is late even when idle.
  const idle = monitorEventLoopDelay({ resolution: 5 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  idle.disable();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const started = performance.now();
  const messages = await recordRealRun({
    'nn.recipe': 'default',
    'nn.epochs': 2,
    'nn.limit': limit,
    'nn.threads': threads,
  });
  histogram.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const batches = messages.reduce((n, m) => n + m.batches.length, 0);
  const snapshots = messages.filter((m) => m.weights).length;
  console.log(
    `event-loop delay over ${((performance.now() - started) / 1000).toFixed(1)} s (recipe default, 2 epochs, ` +
      `limit ${limit ?? 'all'}, threads ${threads ?? 'default'}): p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, ` +
      `max ${ms(histogram.max)} ms; ${messages.length} dashboard updates carrying ${batches} batch points and ${snapshots} weight snapshots`,
  );
  console.log(
    `idle baseline over 5 s on the same machine: p50 ${ms(idle.percentile(50))} ms, p99 ${ms(idle.percentile(99))} ms, max ${ms(idle.max)} ms; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
}, 600_000);
