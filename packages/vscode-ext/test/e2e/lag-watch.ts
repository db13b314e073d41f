import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** How often the run's metrics file is read: finer than the 250 ms between the run's batch events. */
const FILE_POLL_MS = 50;

/**
 * How far the dashboard trails the run. The run appends each reported batch to metrics.jsonl as it happens; the
 * watch reads the file every 50 ms and notes when each step first appeared. If at time t the page showed step d,
 * it was behind by t minus the time the first step after d appeared in the file (0 if none had yet).
 */
export class LagWatch {
  private readonly firstSeen = new Map<number, number>();
  private readonly poller: ReturnType<typeof setInterval>;
  maxLag = 0;
  samples = 0;
  firstStep = 0;
  lastStep = 0;

  constructor(private readonly metricsFile: string) {
    this.poller = setInterval(() => this.read(), FILE_POLL_MS);
  }

  /** The newest step in the file so far. */
  get newestStep(): number {
    this.read();
    return this.firstSeen.size > 0 ? Math.max(...this.firstSeen.keys()) : 0;
  }

  /**
   * The page showed `shownStep` at `shownAt` (undefined: it did not show this run yet, so it was behind by
   * everything in the file).
   */
  sample(shownStep: number | undefined, shownAt: number): void {
    const shown = shownStep ?? 0;
    this.samples++;
    this.firstStep ||= shown;
    this.lastStep = shown;
    let oldestMissed = Number.POSITIVE_INFINITY;
    for (const [step, seen] of this.firstSeen)
      if (step > shown && seen <= shownAt) oldestMissed = Math.min(oldestMissed, seen);
    if (Number.isFinite(oldestMissed)) this.maxLag = Math.max(this.maxLag, shownAt - oldestMissed);
  }

  stop(): void {
    clearInterval(this.poller);
  }

  private read(): void {
    if (!existsSync(this.metricsFile)) return;
    const now = Date.now();
    for (const line of readFileSync(this.metricsFile, 'utf8').split('\n')) {
      if (!line.includes('"type":"batch"')) continue;
      const event = JSON.parse(line) as { epoch: number; batch: number; batchesPerEpoch: number };
      const step = (event.epoch - 1) * event.batchesPerEpoch + event.batch;
      if (!this.firstSeen.has(step)) this.firstSeen.set(step, now);
    }
  }
}

/** Waits for a run folder that was not in `before` to appear in `runs`. */
export async function newRunFolder(runs: string, before: Set<string>, timeoutMs = 60_000): Promise<string> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const fresh = existsSync(runs) ? readdirSync(runs).find((name) => !before.has(name)) : undefined;
    if (fresh) return join(runs, fresh);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no new run folder appeared in ${runs}`);
}
