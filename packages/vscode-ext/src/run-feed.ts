import type { FitEvent } from '@nn/mlp';
import type { BatchPoint, EpochPoint, RunStatus, RunSummary, UpdateMessage, WeightsSnapshot } from './protocol';

/**
 * Weight of the newest batch in the smoothed loss curve (an exponential moving average). fit() reports a
 * batch only every ~250 ms, so each point stands for many batches already; a heavier weight keeps up.
 */
const SMOOTHING = 0.2;
/** At most ten updates a second reach the webview, however fast the run produces events. */
export const UPDATE_INTERVAL_MS = 100;

export interface Timer {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimer: Timer = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Turns one run's training events into throttled `update` messages, and remembers the whole run so a
 * webview that (re)loads can be sent everything at once. Batches between two flushes are all kept
 * (each is a point on the loss curve); only the newest weight snapshot is kept.
 */
export class RunFeed {
  private run: RunSummary | undefined;
  private status: RunStatus = 'running';
  private readonly allBatches: BatchPoint[] = [];
  private readonly allEpochs: EpochPoint[] = [];
  private latestWeights: WeightsSnapshot | undefined;
  private smoothed: number | undefined;

  private pending: UpdateMessage = emptyUpdate();
  private hasPending = false;
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly runId: string,
    private readonly post: (message: UpdateMessage) => void,
    private readonly clock: Timer & { now(): number } = { ...realTimer, now: () => Date.now() },
  ) {}

  apply(event: FitEvent): void {
    switch (event.type) {
      case 'start':
        this.run = {
          id: this.runId,
          layerSizes: event.layerSizes,
          epochs: event.epochs,
          batchesPerEpoch: event.batchesPerEpoch,
        };
        this.pending.run = this.run;
        break;
      case 'batch': {
        this.smoothed =
          this.smoothed === undefined ? event.loss : this.smoothed + SMOOTHING * (event.loss - this.smoothed);
        const point: BatchPoint = {
          step: (event.epoch - 1) * event.batchesPerEpoch + event.batch,
          epoch: event.epoch,
          loss: event.loss,
          smoothedLoss: this.smoothed,
        };
        this.allBatches.push(point);
        this.pending.batches.push(point);
        break;
      }
      case 'epoch': {
        const point: EpochPoint = { epoch: event.epoch, loss: event.loss, trainAccuracy: event.trainAccuracy };
        if (event.testLoss !== undefined) point.testLoss = event.testLoss;
        if (event.testAccuracy !== undefined) point.testAccuracy = event.testAccuracy;
        this.allEpochs.push(point);
        this.pending.epochs.push(point);
        break;
      }
      case 'snapshot':
        this.latestWeights = {
          epoch: event.epoch,
          batch: event.batch,
          layers: event.layers.map(({ rows, cols, weights }) => ({ rows, cols, weights })),
        };
        this.pending.weights = this.latestWeights;
        break;
      case 'done':
        // The controller sets the final status once the worker has exited and the final weights are read.
        return;
    }
    this.schedule();
  }

  /** Weights that did not come as an event: the final checkpoint read back from the run folder. */
  showWeights(weights: WeightsSnapshot): void {
    this.latestWeights = weights;
    this.pending.weights = weights;
    this.schedule();
  }

  setStatus(status: RunStatus): void {
    this.status = status;
    this.pending.status = status;
    // A final status goes out at once: nothing follows it that it could be merged with.
    if (status === 'running' || status === 'stopping') this.schedule();
    else this.flush();
  }

  /** Everything about the run so far, as one message (for a webview that just loaded). */
  replay(): UpdateMessage {
    const message: UpdateMessage = {
      type: 'update',
      status: this.status,
      batches: [...this.allBatches],
      epochs: [...this.allEpochs],
    };
    if (this.run) message.run = this.run;
    if (this.latestWeights) message.weights = this.latestWeights;
    return message;
  }

  get summary(): RunSummary | undefined {
    return this.run;
  }

  get epochs(): readonly EpochPoint[] {
    return this.allEpochs;
  }

  /** Sends what is pending now (also called on dispose so nothing is lost). */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.hasPending && this.pending.status === undefined) return;
    const message = this.pending;
    this.pending = emptyUpdate();
    this.hasPending = false;
    this.lastFlush = this.clock.now();
    this.post(message);
  }

  dispose(): void {
    this.flush();
  }

  private schedule(): void {
    this.hasPending = true;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + UPDATE_INTERVAL_MS - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }
}

function emptyUpdate(): UpdateMessage {
  return { type: 'update', batches: [], epochs: [] };
}
