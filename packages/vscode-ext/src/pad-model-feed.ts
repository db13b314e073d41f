import type { PadModel } from '@nn/views/view-data';

/** The digit pad's full weights (7 MB for 784-1024-1024-10) go out at most this often. */
export const PAD_MODEL_INTERVAL_MS = 2000;

/**
 * The newest full network for the digit pad and when it may go out: a run's snapshots replace each other (an
 * older one not sent yet is dropped), and one is sent at most every `PAD_MODEL_INTERVAL_MS`, so a large network
 * costs the page a few megabytes every few seconds, not with every update.
 */
export class PadModelFeed {
  private latest: PadModel | undefined;
  private pending = false;
  private lastSent = Number.NEGATIVE_INFINITY;

  /** The newest model, sent or not. */
  get newest(): PadModel | undefined {
    return this.latest;
  }

  set(model: PadModel | undefined): void {
    if (!model) return;
    this.latest = model;
    this.pending = true;
  }

  /** The model to add to an update sent at `now`, if one is waiting and its interval is over. */
  due(now: number): PadModel | undefined {
    return this.pending && now >= this.lastSent + PAD_MODEL_INTERVAL_MS ? this.latest : undefined;
  }

  /**
   * An update carrying the model was posted. A hidden page (not delivered) is no reason to retry: it asks for a
   * replay when it is shown again, and the replay carries the newest model.
   */
  sent(now: number, delivered: boolean): void {
    this.pending = false;
    if (delivered) this.lastSent = now;
  }

  /** How long until a waiting model may go out; undefined when none waits. */
  waitMs(now: number): number | undefined {
    return this.pending ? Math.max(0, this.lastSent + PAD_MODEL_INTERVAL_MS - now) : undefined;
  }

  /** For a page that just loaded: the newest model, whatever the interval. */
  replay(now: number): PadModel | undefined {
    if (this.latest) this.sent(now, true);
    return this.latest;
  }
}
