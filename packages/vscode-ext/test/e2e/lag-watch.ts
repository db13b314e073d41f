import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How far the dashboard trails the run. The run appends each reported batch to metrics.jsonl as it happens;
 * the watch notes when each step first appeared there. When the page shows step d, it is behind by the time
 * since the first step after d appeared in the file (0 when nothing newer is there yet).
 */
export class LagWatch {
  private readonly firstSeen = new Map<number, number>();
  maxLag = 0;
  samples = 0;
  firstStep = 0;
  lastStep = 0;

  constructor(private readonly metricsFile: string) {}

  /**
   * Reads the file, compares with the step the page shows (undefined: the page does not show this run yet, so
   * it is behind by everything in the file), and returns the newest step in the file.
   */
  sample(shownStep: number | undefined): number {
    const now = Date.now();
    if (existsSync(this.metricsFile)) {
      for (const line of readFileSync(this.metricsFile, 'utf8').split('\n')) {
        if (!line.includes('"type":"batch"')) continue;
        const event = JSON.parse(line) as { epoch: number; batch: number; batchesPerEpoch: number };
        const step = (event.epoch - 1) * event.batchesPerEpoch + event.batch;
        if (!this.firstSeen.has(step)) this.firstSeen.set(step, now);
      }
    }
    const steps = [...this.firstSeen.keys()];
    const newest = steps.length > 0 ? Math.max(...steps) : 0;
    if (shownStep !== undefined || newest > 0) {
      const shown = shownStep ?? 0;
      this.samples++;
      this.firstStep ||= shown;
      this.lastStep = shown;
      const missed = steps.filter((step) => step > shown).map((step) => this.firstSeen.get(step) as number);
      if (missed.length > 0) this.maxLag = Math.max(this.maxLag, now - Math.min(...missed));
    }
    return newest;
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
