import type { FailureRecord } from './failure-record';

/**
 * Waiting on one word of the step channel's shared memory until it reaches a step number, blocking (helper
 * threads, and the coordinator within a step) or with the event loop running (the coordinator between steps).
 */

/**
 * Polls this many times (tens of microseconds) before sleeping in `Atomics.wait`: most waits end within
 * microseconds, but beside a busy process a thread that keeps polling holds the core the awaited thread needs
 * (measured: docs/benchmarks.md, "Figures that were code comments"). A count, not a clock, so that waiting
 * allocates nothing.
 */
const SPIN_POLLS = 20_000;
/** Sleeps last at most this long, so a recorded failure and the time limit are checked in between. */
const SLEEP_SLICE_MS = 2;
/** A replica that has not answered for this long is taken for dead (a step takes milliseconds). */
export const ANSWER_TIMEOUT_MS = 60_000;

/**
 * Blocks until words[index] ≥ target (true), polling first, then sleeping in slices; false once `sleepMs` of
 * sleep has passed without it. Throws the recorded failure if there is one. Reads no clock and allocates nothing,
 * as it runs several times a step.
 */
export function reachWord(
  words: Int32Array,
  index: number,
  target: number,
  sleepMs: number,
  failure: FailureRecord,
): boolean {
  let polls = SPIN_POLLS;
  let slept = 0;
  for (;;) {
    const seen = Atomics.load(words, index);
    if (seen >= target) return true;
    if (polls > 0) {
      polls--;
      continue;
    }
    failure.throwIfRecorded();
    if (slept >= sleepMs) return false;
    Atomics.wait(words, index, seen, SLEEP_SLICE_MS);
    slept += SLEEP_SLICE_MS;
  }
}

/**
 * Resolves true once words[index] ≥ target, false when `deadline` (a `performance.now()` time) passes first;
 * throws the recorded failure if there is one. The event loop runs meanwhile, so a helper thread's exit is heard.
 */
export async function awaitWord(
  words: Int32Array,
  index: number,
  target: number,
  deadline: number,
  failure: FailureRecord,
): Promise<boolean> {
  const atomics = Atomics as unknown as { waitAsync?: WaitAsync };
  for (;;) {
    failure.throwIfRecorded();
    const seen = Atomics.load(words, index);
    if (seen >= target) return true;
    if (performance.now() > deadline) return false;
    // Atomics.waitAsync where the runtime has it, else a short sleep: either way events run meanwhile.
    const waited = atomics.waitAsync?.(words, index, seen, 100);
    if (waited?.async) await waited.value;
    else if (!waited) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** `Atomics.waitAsync` (ES2024; in Node 16+ and Chromium, not in every browser). */
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
