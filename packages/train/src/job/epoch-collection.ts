/**
 * Each epoch's end promotes a few MiB that die soon after (the test evaluation, the weight histograms, the
 * checkpoint's parts); V8 frees them only when its old generation has grown by tens of MiB, so over a long run that
 * garbage set the peak memory (docs/benchmarks.md, "The training thread's epoch-end garbage"). Where the process
 * allows it (`--expose-gc`, which the `nn` command turns on for its training thread), a full collection after an
 * epoch's end frees it at once.
 */

/** Collections at most this often: on runs of short epochs (the default recipe's 0.3 s) one would cost ≈ 5%. */
const MIN_INTERVAL_MS = 5_000;

/**
 * A function to call after each epoch's end; it collects when `gc` is exposed and the last collection (or the
 * collector's creation) was long enough ago, or at once when `now` is true (after a resumed run has copied its
 * state: the decoded resume file, 22 MB for the accuracy recipe, is garbage then). `gc` and `clock` are the
 * process's own unless a test passes others.
 */
export function epochEndCollector(
  gc: () => unknown = () => (globalThis as { gc?: unknown }).gc,
  clock: () => number = () => performance.now(),
): (now?: boolean) => boolean {
  let last = clock();
  return (now = false) => {
    const collect = gc();
    if (typeof collect !== 'function' || (!now && clock() - last < MIN_INTERVAL_MS)) return false;
    collect();
    last = clock();
    return true;
  };
}
