import {
  Chart,
  type ChartDataset,
  type ChartOptions,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { bestEpoch } from './best-epoch';
import { type ThemeColors, themeColors } from './theme';
import type { BatchPoint, EpochPoint } from './view-data';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

type Point = { x: number; y: number };
type LineDataset = ChartDataset<'line', Point[]>;
type LineChart = Chart<'line', Point[]>;
/** Which theme colour each dataset takes, so a theme switch can recolour them all. */
type ColorKey = keyof ThemeColors;

/**
 * The live charts, all against the epoch (batches at fractional epochs): loss (per batch, smoothed, per-epoch
 * train/test, the best epoch marked), accuracy per epoch, and the learning rate with the training speed.
 */
export class Curves {
  private readonly loss: LineChart;
  private readonly accuracy: LineChart;
  private readonly speed: LineChart;
  private readonly colorKeys = new Map<LineDataset, ColorKey>();
  private epochs: EpochPoint[] = [];

  constructor(lossCanvas: HTMLCanvasElement, accuracyCanvas: HTMLCanvasElement, speedCanvas: HTMLCanvasElement) {
    const colors = themeColors();
    const marker = { pointRadius: 7, pointStyle: 'star' as const, showLine: false, borderWidth: 2 };
    this.loss = new Chart<'line', Point[]>(lossCanvas, {
      type: 'line',
      data: {
        datasets: [
          this.line('batch loss', 'batch', { pointRadius: 0, borderWidth: 1 }),
          this.line('batch loss (smoothed)', 'smoothed', { pointRadius: 0, borderWidth: 2 }),
          this.line('train loss', 'train', {}),
          this.line('test loss', 'test', {}),
          this.line('best epoch (lowest test loss)', 'best', marker),
        ],
      },
      options: chartOptions(colors, 'cross-entropy loss', {}),
    });
    this.accuracy = new Chart<'line', Point[]>(accuracyCanvas, {
      type: 'line',
      data: {
        datasets: [
          this.line('train accuracy', 'train', {}),
          this.line('test accuracy', 'test', {}),
          this.line('best epoch', 'best', marker),
        ],
      },
      options: chartOptions(colors, 'accuracy (%)', { max: 100 }),
    });
    const speedOptions = chartOptions(colors, 'learning rate', {});
    const scales = speedOptions.scales as Record<string, unknown>;
    scales.speed = {
      ...(scales.y as object),
      position: 'right',
      title: titleOf(colors, 'samples/s'),
      grid: { display: false },
    };
    this.speed = new Chart<'line', Point[]>(speedCanvas, {
      type: 'line',
      data: {
        datasets: [
          this.line('learning rate (per epoch)', 'learningRate', {}),
          this.line('samples/s', 'speed', { pointRadius: 0, borderWidth: 1, yAxisID: 'speed' }),
        ],
      },
      options: speedOptions,
    });
  }

  clear(): void {
    this.epochs = [];
    for (const chart of this.charts()) {
      for (const dataset of chart.data.datasets) dataset.data = [];
    }
  }

  add(batches: readonly BatchPoint[], epochs: readonly EpochPoint[], batchesPerEpoch: number): void {
    const [batchLoss, smoothed, trainLoss, testLoss] = this.loss.data.datasets as LineDataset[];
    const [trainAccuracy, testAccuracy] = this.accuracy.data.datasets as LineDataset[];
    const [learningRate, speed] = this.speed.data.datasets as LineDataset[];
    const perEpoch = Math.max(1, batchesPerEpoch);
    for (const point of batches) {
      const x = point.step / perEpoch;
      batchLoss?.data.push({ x, y: point.loss });
      smoothed?.data.push({ x, y: point.smoothedLoss });
      speed?.data.push({ x, y: point.samplesPerSecond });
    }
    for (const point of epochs) {
      this.epochs.push(point);
      trainLoss?.data.push({ x: point.epoch, y: point.loss });
      trainAccuracy?.data.push({ x: point.epoch, y: point.trainAccuracy * 100 });
      if (point.testLoss !== undefined) testLoss?.data.push({ x: point.epoch, y: point.testLoss });
      if (point.testAccuracy !== undefined) testAccuracy?.data.push({ x: point.epoch, y: point.testAccuracy * 100 });
      if (point.learningRate !== undefined) learningRate?.data.push({ x: point.epoch, y: point.learningRate });
    }
    this.markBest();
  }

  /** A log axis shows the test loss turning up after the first epochs, which a linear one flattens. */
  setLogLoss(log: boolean): void {
    const y = this.loss.options.scales?.y;
    if (y) y.type = log ? 'logarithmic' : 'linear';
    this.loss.update('none');
    document.body.dataset.lossScale = this.loss.scales.y?.type;
  }

  /** Re-reads the theme's colours (after a theme switch) and repaints every chart with them. */
  applyTheme(): void {
    const colors = themeColors();
    for (const [dataset, key] of this.colorKeys) {
      dataset.borderColor = colors[key];
      dataset.backgroundColor = colors[key];
    }
    for (const chart of this.charts()) {
      const legend = chart.options.plugins?.legend?.labels;
      if (legend) legend.color = colors.foreground;
      for (const scale of Object.values(chart.options.scales ?? {})) {
        if (!scale) continue;
        if (scale.ticks) scale.ticks.color = colors.foreground;
        const title = (scale as { title?: { color?: string } }).title;
        if (title) title.color = colors.foreground;
        if (scale.grid && scale.grid.display !== false) scale.grid.color = colors.grid;
      }
    }
    document.body.dataset.chartForeground = colors.foreground;
  }

  /** Redraws without animation: updates arrive up to ten times a second. */
  render(): void {
    for (const chart of this.charts()) chart.update('none');
  }

  /** Number of points each chart holds (read by the browser tests through the DOM dataset). */
  counts(): { loss: number; accuracy: number } {
    const sum = (chart: LineChart) => chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
    return { loss: sum(this.loss), accuracy: sum(this.accuracy) };
  }

  private markBest(): void {
    const best = bestEpoch(this.epochs);
    const lossMarker = this.loss.data.datasets[4];
    const accuracyMarker = this.accuracy.data.datasets[2];
    if (!lossMarker || !accuracyMarker) return;
    lossMarker.data = best ? [{ x: best.epoch, y: best.testLoss ?? best.loss }] : [];
    lossMarker.label = best
      ? `best epoch: ${best.epoch} (lowest ${best.testLoss === undefined ? 'train' : 'test'} loss)`
      : 'best epoch';
    const accuracy = best?.testAccuracy ?? best?.trainAccuracy;
    accuracyMarker.data = best && accuracy !== undefined ? [{ x: best.epoch, y: accuracy * 100 }] : [];
    accuracyMarker.label = best ? `best epoch: ${best.epoch}` : 'best epoch';
    document.body.dataset.bestEpoch = String(best?.epoch ?? 0);
  }

  private charts(): LineChart[] {
    return [this.loss, this.accuracy, this.speed];
  }

  private line(label: string, key: ColorKey, extra: Partial<LineDataset>): LineDataset {
    const color = themeColors()[key];
    const dataset: LineDataset = {
      label,
      data: [],
      borderColor: color,
      backgroundColor: color,
      pointRadius: 3,
      borderWidth: 2,
      ...extra,
    };
    this.colorKeys.set(dataset, key);
    return dataset;
  }
}

function titleOf(colors: ThemeColors, text: string) {
  return { display: true, text, color: colors.foreground };
}

/** The options every chart here shares: theme colours, a linear epoch axis from 0 (titled `xTitle`), no animation. */
export function chartOptions(
  colors: ThemeColors,
  yTitle: string,
  y: { max?: number },
  xTitle = 'epoch',
): ChartOptions<'line'> {
  const axis = { color: colors.foreground };
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { labels: { ...axis } } },
    scales: {
      x: {
        type: 'linear',
        min: 0,
        title: titleOf(colors, xTitle),
        ticks: { ...axis },
        grid: { color: colors.grid },
      },
      y: {
        type: 'linear',
        ...y,
        title: titleOf(colors, yTitle),
        ticks: { ...axis },
        grid: { color: colors.grid },
      },
    },
  };
}
