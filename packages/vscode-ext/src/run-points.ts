import { smoothLoss } from '@nn/views/smoothed-loss';
import type { BatchPoint, ConfusionShown, EpochPoint } from './protocol';

/**
 * A run's curves so far: every batch point (with its smoothed loss), every epoch point and the newest epoch's
 * confusion, kept whole so a page that (re)loads can be sent all of them.
 */
export class RunPoints {
  readonly batches: BatchPoint[] = [];
  readonly epochs: EpochPoint[] = [];
  confusion: ConfusionShown | undefined;
  private smoothed: { step: number; loss: number } | undefined;

  addBatch(epoch: number, batch: number, batchesPerEpoch: number, loss: number, samplesPerSecond: number): BatchPoint {
    const step = (epoch - 1) * batchesPerEpoch + batch;
    const smoothedLoss = smoothLoss(this.smoothed, step, loss, batchesPerEpoch);
    this.smoothed = { step, loss: smoothedLoss };
    const point: BatchPoint = { step, epoch, batch, loss, smoothedLoss, samplesPerSecond };
    this.batches.push(point);
    return point;
  }

  addEpoch(point: EpochPoint): void {
    this.epochs.push(point);
  }

  /**
   * A resumed run starts again at `firstEpoch`: the points of that epoch the interrupted run had reported are
   * redone, so they go. True when some went (the page must then be sent the whole run again).
   */
  rewindTo(firstEpoch: number): boolean {
    const batches = this.batches.filter((point) => point.epoch < firstEpoch);
    const epochs = this.epochs.filter((point) => point.epoch < firstEpoch);
    if (batches.length === this.batches.length && epochs.length === this.epochs.length) return false;
    this.batches.splice(0, this.batches.length, ...batches);
    this.epochs.splice(0, this.epochs.length, ...epochs);
    // The redone epoch's confusion comes again with its epoch event.
    if (this.confusion && this.confusion.epoch >= firstEpoch) this.confusion = undefined;
    const last = batches.at(-1);
    this.smoothed = last ? { step: last.step, loss: last.smoothedLoss } : undefined;
    return true;
  }
}
