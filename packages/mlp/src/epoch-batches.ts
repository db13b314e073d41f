import type { FitEvent } from './fit-events';
import { learningRateAt, type ScheduleConfig } from './schedule';
import type { StepResult } from './training-step';

/** Runs one step on samples order[start … start + size); a promise only when the step has to wait. */
export type RunStep = (
  start: number,
  size: number,
  epoch: number,
  learningRate: number,
) => StepResult | Promise<StepResult>;

export interface EpochBatchesSettings {
  trainSize: number;
  batchSize: number;
  batchesPerEpoch: number;
  epochs: number;
  schedule: ScheduleConfig;
  baseLearningRate: number;
  /** Minimum milliseconds between `batch` events, between snapshots, and between turns of the event loop. */
  batchInterval: number;
  snapshotInterval: number;
  yieldInterval: number;
}

/**
 * The per-batch part of fit()'s epoch loop, kept out of the async function: V8 never optimises a long-running
 * async function's loop (it cannot replace a suspended frame), so there every double it computes — the loss
 * sum, the learning rate, each clock reading — becomes a new heap object, and the loop itself runs interpreted.
 * These methods run once per batch and are optimised like any hot function; the running figures live in
 * integer fields and a Float64Array, which V8 updates in place.
 */
export class EpochBatches {
  epoch = 0;
  /** The loss summed over the epoch's samples, in an array: a field first holding 0 may store each new sum boxed. */
  private readonly sums = new Float64Array(1);
  correct = 0;
  seen = 0;
  learningRate = 0;
  private epochStart = 0;
  private lastBatchEvent: number;
  private lastSnapshot: number;
  private lastYield: number;

  constructor(
    private readonly settings: EpochBatchesSettings,
    private readonly runStep: RunStep,
    private readonly emit: (event: FitEvent) => void,
    /** Emits a `snapshot` event (after writing back anything trained in another layout). */
    private readonly snapshot: (epoch: number, batch: number) => void,
  ) {
    const now = Date.now();
    this.lastBatchEvent = now;
    this.lastSnapshot = now;
    this.lastYield = now;
  }

  begin(epoch: number): void {
    this.epoch = epoch;
    this.sums[0] = 0;
    this.correct = 0;
    this.seen = 0;
    this.learningRate = this.settings.baseLearningRate;
    this.epochStart = performance.now();
  }

  /** Starts batch `batch` (0-based) of the epoch. */
  step(batch: number): StepResult | Promise<StepResult> {
    const { batchSize, batchesPerEpoch, epochs, schedule, baseLearningRate } = this.settings;
    const step = (this.epoch - 1) * batchesPerEpoch + batch;
    this.learningRate = learningRateAt(schedule, baseLearningRate, step, batchesPerEpoch, epochs * batchesPerEpoch);
    return this.runStep(batch * batchSize, this.sizeOf(batch), this.epoch, this.learningRate);
  }

  /**
   * Adds a finished (finite) step's figures; true when an event or a turn of the event loop is due (then call
   * `emitDue`). Only this runs on every batch, and it has no branch taken just once in a while: an optimised
   * function that reaches code it has never run is thrown away, and V8 may not optimise it again for epochs.
   */
  finish(batch: number, result: StepResult): boolean {
    const { batchInterval, snapshotInterval, yieldInterval } = this.settings;
    const size = this.sizeOf(batch);
    this.sums[0] = this.sums[0]! + result.loss * size;
    this.correct += result.correct;
    this.seen += size;
    // Date.now, not performance.now, which allocates on every call in Node 20; a clock set back counts as due.
    const now = Date.now();
    return (
      now - this.lastBatchEvent >= batchInterval ||
      now - this.lastSnapshot >= snapshotInterval ||
      now - this.lastYield >= yieldInterval ||
      now < this.lastYield
    );
  }

  /** Emits the events that are due after batch `batch`; true when the event loop is due a turn (then call `yielded`). */
  emitDue(batch: number, result: StepResult): boolean {
    const { batchesPerEpoch, batchInterval, snapshotInterval, yieldInterval } = this.settings;
    const now = Date.now();
    if (now - this.lastBatchEvent >= batchInterval || now < this.lastBatchEvent) {
      this.lastBatchEvent = now;
      this.emit({
        type: 'batch',
        epoch: this.epoch,
        batch: batch + 1,
        batchesPerEpoch,
        loss: result.loss,
        accuracy: result.correct / this.sizeOf(batch),
        samplesPerSecond: this.seen / this.seconds(),
      });
    }
    if (now - this.lastSnapshot >= snapshotInterval || now < this.lastSnapshot) {
      this.lastSnapshot = now;
      this.snapshot(this.epoch, batch + 1);
    }
    return now - this.lastYield >= yieldInterval || now < this.lastYield;
  }

  yielded(): void {
    this.lastYield = Date.now();
  }

  /** The mean loss over the epoch's samples so far. */
  meanLoss(): number {
    return this.sums[0]! / this.seen;
  }

  /** Samples in batch `batch` (the last one of an epoch may be short). */
  private sizeOf(batch: number): number {
    const { batchSize, trainSize } = this.settings;
    return Math.min(batchSize, trainSize - batch * batchSize);
  }

  /** Seconds since `begin`. */
  seconds(): number {
    return (performance.now() - this.epochStart) / 1000;
  }
}
