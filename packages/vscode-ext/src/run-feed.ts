import { basename } from 'node:path';
import { describeConfig, type TrainConfig, type TrainEvent } from '@nn/train';
import { type CheckpointWeights, type LayerWeights, sampleLayer } from '@nn/views/weight-sample';
import { type Clock, realClock } from './feed-clock';
import { padModel } from './pad-model';
import { PadModelFeed } from './pad-model-feed';
import type { BatchPoint, EpochPoint, PadModel, RunStatus, RunSummary, UpdateMessage } from './protocol';
import { RunPoints } from './run-points';
import { WeightsFeed } from './weights-feed';

export type { Timer } from './feed-clock';

/** At most ten updates a second reach the webview, however fast the run produces events. */
export const UPDATE_INTERVAL_MS = 100;

/** Posts a message to the page; false when there is no visible page to take it. */
export type PostUpdate = (message: UpdateMessage) => boolean;

/**
 * Turns one run's training events into throttled `update` messages, and remembers the whole run so a
 * webview that (re)loads can be sent everything at once. Batches between two flushes are all kept
 * (each is a point on the loss curve); weight snapshots go at the page's pace (weights-feed.ts) and the digit
 * pad's full network at its own, slower one (pad-model-feed.ts).
 */
export class RunFeed {
  private runId: string;

  /** The folder name of the run this feed shows ('' before its first event). */
  get shownRunId(): string {
    return this.runId;
  }
  private settings: [string, string][] = [];
  private config: TrainConfig | undefined;
  private run: RunSummary | undefined;
  private status: RunStatus = 'running';
  private resumable = false;
  private finalTestAccuracy: number | undefined;
  private readonly points = new RunPoints();
  private readonly weights = new WeightsFeed();
  /** The newest full weights (the pad model holds the same arrays), sampled again when the page turns a page. */
  private layers: { epoch: number; batch: number; layers: readonly LayerWeights[] } | undefined;
  /** The first-layer units the page shows as tiles; the first page until it says. */
  private tileUnits: number[] | undefined;
  private readonly padModels: PadModelFeed;

  private pending: UpdateMessage = emptyUpdate(0);
  private nextSeq = 1;
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly post: PostUpdate,
    private readonly clock: Clock = realClock,
    runId = '',
  ) {
    this.runId = runId;
    this.padModels = new PadModelFeed(clock, () => this.flush());
  }

  apply(event: TrainEvent): void {
    switch (event.type) {
      case 'run':
        this.runId = basename(event.runDir);
        this.settings = describeConfig(event.config);
        this.config = event.config;
        return;
      case 'start':
        this.run = {
          id: this.runId,
          layerSizes: event.layerSizes,
          epochs: event.epochs,
          batchesPerEpoch: event.batchesPerEpoch,
          settings: this.settings,
        };
        this.pending.run = this.run;
        // A page that showed another run learns this one's status with it (a resumed run is running again).
        this.status = 'running';
        this.pending.status = 'running';
        this.rewindTo(event.firstEpoch);
        break;
      case 'batch':
        this.pending.batches.push(
          this.points.addBatch(event.epoch, event.batch, event.batchesPerEpoch, event.loss, event.samplesPerSecond),
        );
        break;
      case 'epoch': {
        const { epoch, loss, trainAccuracy, testLoss, testAccuracy, learningRate, samplesPerSecond } = event;
        const point: EpochPoint = { epoch, loss, trainAccuracy, learningRate, samplesPerSecond };
        if (testLoss !== undefined) point.testLoss = testLoss;
        if (testAccuracy !== undefined) point.testAccuracy = testAccuracy;
        this.points.addEpoch(point);
        this.pending.epochs.push(point);
        if (event.confusion) {
          this.points.confusion = { epoch, counts: event.confusion };
          this.pending.confusion = this.points.confusion;
        }
        break;
      }
      case 'snapshot':
        this.setLayers({ epoch: event.epoch, batch: event.batch, layers: event.layers });
        this.padModels.set(padModel(event.layers, event, this.config));
        break;
      default:
        // done: the controller sets the final status once the worker has exited and the final weights are read.
        // checkpoint, log: for the output channel, not the page.
        return;
    }
    this.schedule();
  }

  /** Weights that did not come as an event: a checkpoint read back from the run folder. */
  showWeights(checkpoint: CheckpointWeights): void {
    this.setLayers({ epoch: checkpoint.epoch, batch: 0, layers: checkpoint.layers });
    this.padModels.set(padModel(checkpoint.layers, { epoch: checkpoint.epoch, batch: 0 }, this.config));
    this.schedule();
  }

  setStatus(status: RunStatus, ending: { resumable?: boolean; finalTestAccuracy?: number | undefined } = {}): void {
    this.status = status;
    this.resumable = ending.resumable === true;
    this.finalTestAccuracy = ending.finalTestAccuracy;
    this.pending.status = status;
    this.pending.resumable = this.resumable;
    if (this.finalTestAccuracy !== undefined) this.pending.finalTestAccuracy = this.finalTestAccuracy;
    // A final status goes out at once: nothing follows it that it could be merged with.
    if (status === 'running' || status === 'stopping') this.schedule();
    else this.flush();
  }

  /** The page uses its digit pad: the newest full network goes out now, later ones at their interval. */
  wantPadModel(): void {
    this.padModels.want();
    this.schedule();
  }

  /** The page turned to a page of first-layer tiles: the newest weights go out again with those units. */
  showTileUnits(units: number[]): void {
    this.tileUnits = units;
    if (this.layers) this.setLayers(this.layers);
    this.schedule();
  }

  /** The page drew update `seq`: the newest snapshot may follow. */
  drawn(seq: number): void {
    if (this.weights.drawn(seq)) this.schedule();
  }

  /** Everything about the run so far, as one message (for a webview that just loaded). */
  replay(): UpdateMessage {
    const message: UpdateMessage = {
      ...emptyUpdate(this.nextSeq++),
      // A page that restored its saved points gets them all again: they replace, not add.
      reset: true,
      status: this.status,
      resumable: this.resumable,
      ...(this.finalTestAccuracy === undefined ? {} : { finalTestAccuracy: this.finalTestAccuracy }),
      batches: [...this.points.batches],
      epochs: [...this.points.epochs],
    };
    if (this.run) message.run = this.run;
    if (this.points.confusion) message.confusion = this.points.confusion;
    const model = this.padModels.replay(this.clock.now());
    if (model) message.padModel = model;
    const weights = this.weights.replay(message.seq);
    if (weights) message.weights = weights;
    return message;
  }

  get id(): string {
    return this.runId;
  }

  get summary(): RunSummary | undefined {
    return this.run;
  }

  get epochs(): readonly EpochPoint[] {
    return this.points.epochs;
  }

  /** The newest full network for the digit pad (what the page has, or gets next). */
  get padModel(): PadModel | undefined {
    return this.padModels.newest;
  }

  get lastBatch(): BatchPoint | undefined {
    return this.points.batches.at(-1);
  }

  /** Sends what is pending now (also called on dispose so nothing is lost). */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const message = this.pending;
    const now = this.clock.now();
    const weights = this.weights.due();
    const model = this.padModels.due(now);
    if (weights) message.weights = weights;
    if (model) message.padModel = model;
    const hasPoints = message.batches.length > 0 || message.epochs.length > 0 || message.confusion !== undefined;
    const hasData = hasPoints || message.weights || message.padModel || message.run;
    if (hasData || message.reset || message.status !== undefined) {
      message.seq = this.nextSeq++;
      this.pending = emptyUpdate(0);
      this.lastFlush = now;
      const delivered = this.post(message);
      if (message.weights) this.weights.sent(message.seq, delivered);
      if (message.padModel) this.padModels.sent(now, delivered);
    }
    this.padModels.flushLater(now);
  }

  dispose(): void {
    this.flush();
    this.padModels.dispose();
  }

  /** A resumed run redoes `firstEpoch`: its old points go, and the page is sent the whole run in place of its own. */
  private rewindTo(firstEpoch: number): void {
    if (!this.points.rewindTo(firstEpoch)) return;
    this.pending.reset = true;
    this.pending.batches = [...this.points.batches];
    this.pending.epochs = [...this.points.epochs];
  }

  private setLayers(layers: NonNullable<RunFeed['layers']>): void {
    this.layers = layers;
    const sampled = layers.layers.map((layer, i) => sampleLayer(layer, i === 0 ? this.tileUnits : undefined));
    this.weights.set({ epoch: layers.epoch, batch: layers.batch, layers: sampled });
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + UPDATE_INTERVAL_MS - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }
}

function emptyUpdate(seq: number): UpdateMessage {
  return { type: 'update', seq, batches: [], epochs: [] };
}
