import type { WeightsSnapshot } from './protocol';

/**
 * The newest sampled weight snapshot and the page's pace: a snapshot goes out only once the page has drawn the
 * previous one (it answers `drawn` with that update's seq), so a slow page gets fewer snapshots instead of a
 * growing queue, and a newer snapshot replaces one not sent yet.
 */
export class WeightsFeed {
  private latest: WeightsSnapshot | undefined;
  private pending = false;
  /** seq of the update whose weights the page has not confirmed drawing yet. */
  private inFlight: number | undefined;

  set(snapshot: WeightsSnapshot): void {
    this.latest = snapshot;
    this.pending = true;
  }

  /** The snapshot to add to the next update, if one waits and the page is not still drawing the last. */
  due(): WeightsSnapshot | undefined {
    return this.pending && this.inFlight === undefined ? this.latest : undefined;
  }

  /** Update `seq` carried the snapshot; a hidden page (not delivered) keeps it waiting for the next one. */
  sent(seq: number, delivered: boolean): void {
    if (!delivered) return;
    this.pending = false;
    this.inFlight = seq;
  }

  /** The page drew update `seq`; true when a newer snapshot now waits to go out. */
  drawn(seq: number): boolean {
    if (seq !== this.inFlight) return false;
    this.inFlight = undefined;
    return this.pending;
  }

  /** For a page that just loaded, in update `seq`: whatever was in flight went to the page it replaced. */
  replay(seq: number): WeightsSnapshot | undefined {
    if (this.latest) this.sent(seq, true);
    return this.latest;
  }
}
