import { basename } from 'node:path';
import type * as vscode from 'vscode';
import { configLine } from './config-summary';
import type { TrainingEvent } from './training';

/** Progress notifications and the status bar are redrawn at most this often; batches come hundreds a second. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * What a running run shows outside the dashboard: the status bar item, the progress notification and the output
 * channel. Epochs are numbered as in the dashboard's header: the epoch being trained, 1-based, out of all.
 */
export class RunProgress {
  private firstEpoch = 1;
  private epochs = 1;
  private totalBatches = 1;
  private accuracy = '';
  private reported = 0;
  private lastReport = 0;
  private progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;

  constructor(
    private readonly statusBar: vscode.StatusBarItem,
    private readonly output: vscode.OutputChannel,
  ) {}

  /** The notification's reporter, once VS Code has shown it. */
  attach(progress: vscode.Progress<{ message?: string; increment?: number }>): void {
    this.progress = progress;
  }

  show(event: TrainingEvent): void {
    switch (event.type) {
      case 'run':
        this.output.appendLine(`Run ${basename(event.runDir)}: folder ${event.runDir}`);
        this.output.appendLine(`Configuration: ${configLine(event.config)}`);
        if (event.resumedFromEpoch > 0) this.output.appendLine(`Resuming after epoch ${event.resumedFromEpoch}.`);
        break;
      case 'log':
        this.output.appendLine(event.message);
        break;
      case 'checkpoint':
        this.output.appendLine(`Checkpoint after epoch ${event.epoch}: ${event.path}`);
        break;
      case 'start':
        this.firstEpoch = event.firstEpoch;
        this.epochs = event.epochs;
        this.totalBatches = Math.max(1, (event.epochs - event.firstEpoch + 1) * event.batchesPerEpoch);
        this.statusBar.text = `$(sync~spin) NN · epoch ${event.firstEpoch}/${event.epochs}`;
        break;
      case 'batch': {
        const now = Date.now();
        if (now - this.lastReport < PROGRESS_INTERVAL_MS) break;
        this.lastReport = now;
        this.statusBar.text = `$(sync~spin) NN ${this.accuracy}· epoch ${event.epoch}/${this.epochs}`;
        const done = (event.epoch - this.firstEpoch) * event.batchesPerEpoch + event.batch;
        const percent = Math.min(100, (100 * done) / this.totalBatches);
        this.progress?.report({
          message: `epoch ${event.epoch}/${this.epochs} · batch ${event.batch}/${event.batchesPerEpoch}`,
          increment: Math.max(0, percent - this.reported),
        });
        this.reported = Math.max(this.reported, percent);
        break;
      }
      case 'epoch': {
        this.accuracy = `${percent(event.testAccuracy ?? event.trainAccuracy)} `;
        this.statusBar.text = `$(sync~spin) NN ${this.accuracy}· epoch ${event.epoch}/${event.epochs}`;
        const test = event.testAccuracy === undefined ? '' : `, test accuracy ${percent(event.testAccuracy)}`;
        this.output.appendLine(
          `Epoch ${event.epoch}/${event.epochs}: loss ${event.loss.toFixed(4)}, train accuracy ${percent(event.trainAccuracy)}${test} (${event.seconds.toFixed(1)} s)`,
        );
        break;
      }
      default:
        break;
    }
  }
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
