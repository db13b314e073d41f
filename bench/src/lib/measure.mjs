// @ts-check
/**
 * Times `run` and returns the median seconds per call over several rounds. A warm-up lets the JIT
 * (and tfjs's kernel caches) settle; each round repeats the call until it has taken long enough
 * that timer resolution does not matter.
 * @param {() => void} run
 * @param {{ warmupSeconds?: number, roundSeconds?: number, rounds?: number }} [options]
 * @returns {number}
 */
export function secondsPerCall(run, options = {}) {
  const { warmupSeconds = 0.15, roundSeconds = 0.08, rounds = 5 } = options;
  const warmupEnd = performance.now() + warmupSeconds * 1000;
  let warmupCalls = 0;
  while (warmupCalls < 2 || performance.now() < warmupEnd) {
    run();
    warmupCalls++;
  }
  /** @type {number[]} */
  const perCall = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    let calls = 0;
    let elapsed = 0;
    do {
      run();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < roundSeconds * 1000);
    perCall.push(elapsed / 1000 / calls);
  }
  perCall.sort((a, b) => a - b);
  return /** @type {number} */ (perCall[Math.floor(perCall.length / 2)]);
}

/**
 * The middle value (the lower middle one for an even count).
 * @param {number[]} values
 */
export function medianOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1] ?? Number.NaN;
}
