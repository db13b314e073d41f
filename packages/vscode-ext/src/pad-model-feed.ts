import type { PadModel } from '@nn/views/view-data';
import type { Clock } from './feed-clock';

/** The digit pad's full weights (7 MB for 784-1024-1024-10) go out at most this often. */
export const PAD_MODEL_INTERVAL_MS = 2000;

/**
 * The newest full network for the digit pad and when it may go out: only to a page that asked for it (one that
 * never uses the pad is sent nothing); a run's snapshots replace each other (an older one not sent yet is
 * dropped), and one is sent at most every `PAD_MODEL_INTERVAL_MS`, so a large network costs the page a few
 * megabytes every few seconds, not with every update.
 */
export class PadModelFeed {
  private latest: PadModel | undefined;
  private wanted = false;
  private pending = false;
  private lastSent = Number.NEGATIVE_INFINITY;
  /** The model the current page has: asking again for it (a reloaded page's pad) sends nothing. */
  private onPage: PadModel | undefined;
  /** Its own timer: the pad's slower interval must not hold back the points' 100 ms one. */
  private timer: unknown;

  /** `flush` sends an update, taking `due()` into it. */
  constructor(
    private readonly clock: Clock,
    private readonly flush: () => void,
  ) {}

  /** The newest model, sent or not. */
  get newest(): PadModel | undefined {
    return this.latest;
  }

  /** The page asked: the newest model is due at once (within its interval), and later ones as they come. */
  want(): void {
    this.wanted = true;
    if (this.latest && this.latest !== this.onPage) this.pending = true;
  }

  set(model: PadModel | undefined): void {
    if (!model) return;
    this.latest = model;
    this.pending = true;
  }

  /** The model to add to an update sent at `now`, if one is waiting and its interval is over. */
  due(now: number): PadModel | undefined {
    return this.wanted && this.pending && now >= this.lastSent + PAD_MODEL_INTERVAL_MS ? this.latest : undefined;
  }

  /**
   * An update carrying the model was posted. A hidden page (not delivered) is no reason to retry: it asks for a
   * replay when it is shown again, and the replay carries the newest model.
   */
  sent(now: number, delivered: boolean): void {
    this.pending = false;
    if (!delivered) return;
    this.lastSent = now;
    this.onPage = this.latest;
  }

  /** After a flush: a model still waiting goes out when its interval is over, even if no other event comes. */
  flushLater(now: number): void {
    if (!this.wanted || !this.pending || this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSent + PAD_MODEL_INTERVAL_MS - now);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * For a page that just loaded: the newest model if it was asked for (a run read back from disk asks at once),
   * whatever the interval. A page that loads afresh has no pad in use, so it must ask again.
   */
  replay(now: number): PadModel | undefined {
    const model = this.wanted ? this.latest : undefined;
    this.onPage = undefined;
    if (model) this.sent(now, true);
    this.wanted = false;
    this.pending = false;
    return model;
  }
}
