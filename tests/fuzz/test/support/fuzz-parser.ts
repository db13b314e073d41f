import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

/** Cases per parser: a slice inside `pnpm test`, 100 000 under `pnpm fuzz` (NN_FUZZ_RUNS). */
export const RUNS = Number(process.env.NN_FUZZ_RUNS ?? 2000);
/** Fixed by default so every run replays the same cases; NN_FUZZ_SEED explores others. */
export const SEED = Number(process.env.NN_FUZZ_SEED ?? 20261203);
/** The bounds for refusing one hostile input; enforced by `pnpm fuzz`, only measured by `pnpm test`. */
export const TIME_BOUND_MS = 5000;
export const MEMORY_BOUND_MB = 400;
const ENFORCE_BOUNDS = process.env.NN_FUZZ_RUNS !== undefined;

type ErrorClass = abstract new (...args: never[]) => Error;

export interface FuzzTarget<T> {
  name: string;
  inputs: fc.Arbitrary<T>;
  /** Parses one input; returning normally and throwing an allowed error are both fine. */
  parse: (input: T) => unknown;
  /** The documented errors of this parser: anything else escaping is a failure. */
  allowed: readonly ErrorClass[];
  /** Size of an input in bytes, for the report. */
  size: (input: T) => number;
}

export interface FuzzReport {
  parser: string;
  cases: number;
  seed: number;
  refused: number;
  accepted: number;
  worstMs: number;
  worstInputBytes: number;
  /** Peak resident memory of the process that ran this parser's cases (one process per parser). */
  maxRssMB: number;
}

/**
 * Runs `RUNS` seeded cases through `parse`. Fast-check shrinks a failing case and prints its seed and path, so
 * `NN_FUZZ_SEED=<seed>` replays it. Returns what was measured, and writes it to fuzz-results/<name>.json.
 */
export function fuzzParser<T>(target: FuzzTarget<T>): FuzzReport {
  const report: FuzzReport = {
    parser: target.name,
    cases: 0,
    seed: SEED,
    refused: 0,
    accepted: 0,
    worstMs: 0,
    worstInputBytes: 0,
    maxRssMB: 0,
  };
  fc.assert(
    fc.property(target.inputs, (input) => {
      const started = performance.now();
      try {
        target.parse(input);
        report.accepted++;
      } catch (error) {
        if (!target.allowed.some((allowed) => error instanceof allowed)) throw error;
        report.refused++;
      }
      const ms = performance.now() - started;
      report.cases++;
      if (ms > report.worstMs) {
        report.worstMs = ms;
        report.worstInputBytes = target.size(input);
      }
      if (ENFORCE_BOUNDS && ms > TIME_BOUND_MS) {
        throw new Error(`${target.name}: one input took ${ms.toFixed(0)} ms, over the ${TIME_BOUND_MS} ms bound`);
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: false },
  );
  report.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  report.worstMs = Math.round(report.worstMs * 10) / 10;
  writeReport(report);
  if (ENFORCE_BOUNDS && report.maxRssMB > MEMORY_BOUND_MB) {
    throw new Error(`${target.name}: peak memory ${report.maxRssMB} MB is over the ${MEMORY_BOUND_MB} MB bound`);
  }
  return report;
}

function writeReport(report: FuzzReport): void {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fuzz-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${report.parser}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`fuzz ${JSON.stringify(report)}\n`);
}
