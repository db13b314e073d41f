import {
  Chart,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { BatchPoint, EpochPoint } from '../protocol';
import { type ThemeColors, themeColors } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };
type LineDataset = ChartDataset<'line', Point[]>;

/**
 * The two live charts: loss (per-batch, smoothed per-batch, and per-epoch train/test) against the
 * epoch, and train/test accuracy per epoch. Batches are placed at fractional epochs so both share an axis.
 */
export class Curves {
  private readonly loss: Chart<'line', Point[]>;
  private readonly accuracy: Chart<'line', Point[]>;

  constructor(lossCanvas: HTMLCanvasElement, accuracyCanvas: HTMLCanvasElement) {
    const colors = themeColors();
    this.loss = new Chart<'line', Point[]>(lossCanvas, {
      type: 'line',
      data: {
        datasets: [
          line('batch loss', colors.batch, { pointRadius: 0, borderWidth: 1 }),
          line('batch loss (smoothed)', colors.smoothed, { pointRadius: 0, borderWidth: 2 }),
          line('train loss', colors.train, {}),
          line('test loss', colors.test, {}),
        ],
      },
      options: chartOptions(colors, 'loss', undefined),
    });
    this.accuracy = new Chart<'line', Point[]>(accuracyCanvas, {
      type: 'line',
      data: { datasets: [line('train accuracy', colors.train, {}), line('test accuracy', colors.test, {})] },
      options: chartOptions(colors, 'accuracy (%)', 100),
    });
  }

  clear(): void {
    for (const chart of [this.loss, this.accuracy]) {
      for (const dataset of chart.data.datasets) dataset.data = [];
    }
  }

  add(batches: readonly BatchPoint[], epochs: readonly EpochPoint[], batchesPerEpoch: number): void {
    const [batchLoss, smoothed, trainLoss, testLoss] = this.loss.data.datasets as LineDataset[];
    const [trainAccuracy, testAccuracy] = this.accuracy.data.datasets as LineDataset[];
    const perEpoch = Math.max(1, batchesPerEpoch);
    for (const point of batches) {
      const x = point.step / perEpoch;
      batchLoss?.data.push({ x, y: point.loss });
      smoothed?.data.push({ x, y: point.smoothedLoss });
    }
    for (const point of epochs) {
      trainLoss?.data.push({ x: point.epoch, y: point.loss });
      trainAccuracy?.data.push({ x: point.epoch, y: point.trainAccuracy * 100 });
      if (point.testLoss !== undefined) testLoss?.data.push({ x: point.epoch, y: point.testLoss });
      if (point.testAccuracy !== undefined) testAccuracy?.data.push({ x: point.epoch, y: point.testAccuracy * 100 });
    }
  }

  /** Redraws without animation: updates arrive up to ten times a second. */
  render(): void {
    this.loss.update('none');
    this.accuracy.update('none');
  }

  /** Number of points each chart holds (read by the browser tests through the DOM dataset). */
  counts(): { loss: number; accuracy: number } {
    const sum = (chart: Chart<'line', Point[]>) => chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
    return { loss: sum(this.loss), accuracy: sum(this.accuracy) };
  }
}

function line(label: string, color: string, extra: Partial<LineDataset>): LineDataset {
  return { label, data: [], borderColor: color, backgroundColor: color, pointRadius: 3, borderWidth: 2, ...extra };
}

function chartOptions(colors: ThemeColors, yTitle: string, yMax: number | undefined) {
  const axis = { color: colors.foreground };
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false as const,
    normalized: true,
    interaction: { mode: 'nearest' as const, intersect: false },
    plugins: { legend: { labels: axis } },
    scales: {
      x: {
        type: 'linear' as const,
        min: 0,
        title: { display: true, text: 'epoch', ...axis },
        ticks: axis,
        grid: { color: colors.grid },
      },
      y: {
        type: 'linear' as const,
        max: yMax,
        title: { display: true, text: yTitle, ...axis },
        ticks: axis,
        grid: { color: colors.grid },
      },
    },
  };
}
