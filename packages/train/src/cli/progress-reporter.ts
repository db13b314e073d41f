import { SingleBar } from 'cli-progress';
import type { TrainEvent } from '../train-events';
import { formatPercent } from './format';

/** Accuracy at or below this (guessing among ten classes is 10%) means the network is not learning. */
const CHANCE_ACCURACY = 0.12;

/**
 * Turns training events into terminal output: a live bar on stderr (epoch, batch, loss, accuracy, samples/s; drawn
 * only when stderr is a terminal) and one summary line per epoch on `lines` (stdout, or stderr under --json).
 */
export class ProgressReporter {
  private bar: SingleBar | undefined;
  private epochs = 0;
  private warnedNotLearning = false;

  constructor(private readonly lines: NodeJS.WritableStream) {}

  readonly handle = (event: TrainEvent): void => {
    switch (event.type) {
      case 'start':
        this.epochs = event.epochs;
        break;
      case 'batch': {
        const payload = {
          epochLabel: `epoch ${event.epoch}/${this.epochs}`,
          loss: event.loss.toFixed(4),
          accuracy: formatPercent(event.accuracy),
          speed: Math.round(event.samplesPerSecond).toLocaleString('en-US'),
        };
        if (this.bar === undefined) {
          this.bar = new SingleBar({
            stream: process.stderr,
            format: '{epochLabel} {bar} {value}/{total} batches | loss {loss} | acc {accuracy} | {speed} samples/s',
            barsize: 24,
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
          });
          this.bar.start(event.batchesPerEpoch, event.batch, payload);
        } else {
          this.bar.update(event.batch, payload);
        }
        break;
      }
      case 'epoch':
        this.stopBar();
        this.lines.write(
          `epoch ${event.epoch}/${event.epochs}  loss ${event.loss.toFixed(4)}  train ${formatPercent(event.trainAccuracy)}` +
            (event.testAccuracy === undefined ? '' : `  test ${formatPercent(event.testAccuracy)}`) +
            `  ${event.seconds.toFixed(1)} s  ${Math.round(event.samplesPerSecond).toLocaleString('en-US')} samples/s` +
            `  lr ${event.learningRate.toPrecision(3)}\n`,
        );
        this.warnIfNotLearning(event);
        break;
      case 'log':
        this.stopBar();
        process.stderr.write(`${event.message}\n`);
        break;
      default:
        break;
    }
  };

  /** Ten classes: 10% is guessing. Still there after two epochs, the learning rate is almost surely wrong. */
  private warnIfNotLearning(event: Extract<TrainEvent, { type: 'epoch' }>): void {
    const accuracy = event.testAccuracy ?? event.trainAccuracy;
    if (this.warnedNotLearning || event.epoch < 2 || accuracy > CHANCE_ACCURACY) return;
    this.warnedNotLearning = true;
    this.lines.write(
      `warning: accuracy is ${formatPercent(accuracy)} after ${event.epoch} epochs, no better than guessing; ` +
        `the learning rate ${event.learningRate.toPrecision(3)} is likely too high (or far too low)\n`,
    );
  }

  stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
