import type { Network } from '../model/network';
import type { StepPath, StepResult } from '../paths/step-path';
import { type FitEvent, type RegressionFitEvent, snapshotLayers } from './fit-events';
import { learningRateAt, type ScheduleConfig } from './schedule';

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
  /** Real-valued targets: batches report their mean absolute error instead of an accuracy. */
  regression: boolean;
}

const MAX_CLOCK_STRIDE = 64;

/**
 * The per-batch part of fit()'s epoch loop, kept out of the async function: V8 never optimises a long-running
 * async function's loop (it cannot replace a suspended frame), so there every double it computes — the loss
 * sum, the learning rate, each clock reading — becomes a new heap object, and the loop itself runs interpreted.
 * These methods run once per batch and are optimised like any hot function; the running figures live in
 * integer fields and a Float64Array, which V8 updates in place.
 */
export class EpochBatches {
  epoch = 0;
  /**
   * The loss summed over the epoch's samples, then (regression) the absolute error over its samples and outputs,
   * in an array: a field first holding 0 may store each new sum boxed.
   */
  private readonly sums = new Float64Array(2);
  correct = 0;
  seen = 0;
  /** Each batch's learning rate, computed as the epoch begins (keeps the schedule's code out of the step). */
  private readonly rates: Float64Array;
  private epochStart = 0;
  /** `finish` reads the clock every `clockStride` batches (see there); `untilClock` counts down to it. */
  private clockStride = 1;
  private untilClock = 1;
  private lastClock: number;
  /** The stride doubles while readings come closer together than this (ms), and drops to 1 beyond 4 times it. */
  private readonly quickClock: number;
  private lastBatchEvent: number;
  private lastSnapshot: number;
  private lastYield: number;

  /** The figures of the latest step, written by the path. */
  readonly result: StepResult = { loss: 0, correct: 0, finite: true, absoluteError: 0 };

  constructor(
    private readonly settings: EpochBatchesSettings,
    /** The step path; its optimiser's learning rate is set from the schedule before each step. */
    private readonly path: StepPath,
    private readonly network: Network,
    private readonly emit: (event: FitEvent | RegressionFitEvent) => void,
  ) {
    const { batchInterval, snapshotInterval, yieldInterval } = settings;
    this.quickClock = Math.min(8, Math.min(batchInterval, snapshotInterval, yieldInterval) / 4);
    this.rates = new Float64Array(settings.batchesPerEpoch);
    const now = Date.now();
    this.lastClock = now;
    this.lastBatchEvent = now;
    this.lastSnapshot = now;
    this.lastYield = now;
  }

  begin(epoch: number): void {
    this.epoch = epoch;
    this.sums[0] = 0;
    this.sums[1] = 0;
    this.correct = 0;
    this.seen = 0;
    const { schedule, baseLearningRate, batchesPerEpoch, epochs } = this.settings;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const step = (epoch - 1) * batchesPerEpoch + batch;
      this.rates[batch] = learningRateAt(schedule, baseLearningRate, step, batchesPerEpoch, epochs * batchesPerEpoch);
    }
    this.epochStart = performance.now();
  }

  /** Starts batch `batch` (0-based) of the epoch. */
  step(batch: number): StepResult | Promise<StepResult> {
    this.path.optimizer.learningRate = this.rates[batch]!;
    return this.path.step(batch * this.settings.batchSize, this.sizeOf(batch), this.epoch, this.result);
  }

  /** The learning rate of the latest step. */
  get learningRate(): number {
    return this.path.optimizer.learningRate;
  }

  /**
   * Adds a finished (finite) step's figures; true when an event or a turn of the event loop is due (then call
   * `emitDue`). Only this runs on every batch, and every operation in it runs every time it reads the clock:
   * an optimised function that reaches code it has never run is thrown away, and V8 may not optimise it again
   * for epochs (then every subtraction here allocates a number).
   *
   * Reading the clock allocates (the time is a boxed number), so it is read only every `clockStride` batches:
   * the stride doubles while readings come less than 8 ms apart and drops back to 1 when one comes more than
   * 32 ms after the last. Readings then come every 8–16 ms, so events and turns of the event loop are that late
   * at most unless the batches suddenly slow down. Both thresholds shrink to a quarter of the shortest interval
   * and its whole when that is under 32 ms; with an interval of 0, every batch reads the clock. Date.now, not
   * performance.now, which allocates more in Node 20; a clock set back counts as due.
   */
  finish(batch: number, result: StepResult): boolean {
    const size = this.sizeOf(batch);
    this.sums[0] = this.sums[0]! + result.loss * size;
    this.sums[1] = this.sums[1]! + (result.absoluteError ?? 0);
    this.correct += result.correct;
    this.seen += size;
    if (--this.untilClock > 0) return false;
    const { batchInterval, snapshotInterval, yieldInterval } = this.settings;
    const now = Date.now();
    const since = now - this.lastClock;
    this.lastClock = now;
    // Computed in full and chosen without branches: a stall (a garbage collection, the test set's evaluation
    // between epochs) first taking a branch of its own would throw the optimised code away.
    const stride = this.clockStride;
    const doubled = Math.min(2 * stride, MAX_CLOCK_STRIDE);
    const quick = since < this.quickClock;
    const slow = since > 4 * this.quickClock;
    this.clockStride = quick ? doubled : slow ? 1 : stride;
    this.untilClock = this.clockStride;
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
      const figures = {
        type: 'batch',
        epoch: this.epoch,
        batch: batch + 1,
        batchesPerEpoch,
        loss: result.loss,
      } as const;
      const samplesPerSecond = this.seen / this.seconds();
      const size = this.sizeOf(batch);
      if (this.settings.regression) {
        const meanAbsoluteError = (result.absoluteError ?? 0) / (size * this.network.outputSize);
        this.emit({ ...figures, meanAbsoluteError, samplesPerSecond });
      } else {
        this.emit({ ...figures, accuracy: result.correct / size, samplesPerSecond });
      }
    }
    if (now - this.lastSnapshot >= snapshotInterval || now < this.lastSnapshot) {
      this.lastSnapshot = now;
      this.path.syncWeights();
      this.emit({ type: 'snapshot', epoch: this.epoch, batch: batch + 1, layers: snapshotLayers(this.network) });
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

  /** The mean of |output − target| over the epoch's samples and outputs so far (regression). */
  meanAbsoluteError(): number {
    return this.sums[1]! / (this.seen * this.network.outputSize);
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
