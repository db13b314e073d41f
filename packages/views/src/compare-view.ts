import { Chart, type ChartDataset } from 'chart.js';
import { chartOptions } from './charts';
import { differingSettings } from './settings-diff';
import { tableRow } from './table-row';
import { themeColors } from './theme';
import type { EpochPoint, RunStatus } from './view-data';

/** One run as the comparison shows it: its test curves by epoch and its settings. */
export interface ComparedRun {
  id: string;
  status: RunStatus;
  epochs: EpochPoint[];
  settings: [string, string][];
  finalTestAccuracy?: number;
}

type Point = { x: number; y: number };

/** Each run's epochs are counted from its own start, so runs started at different times line up. */
const RELATIVE_EPOCH = 'epoch of each run (from its start)';

/** The chart palette: VS Code's chart colours, then greys, so runs stay apart in every theme. */
const PALETTE = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'].map((name) => `--vscode-charts-${name}`);
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

/**
 * Several runs side by side: test accuracy and test loss per epoch, one line per run (epochs counted from each run's
 * start, so runs of different lengths line up), and a table of the settings that differ, with each run's final
 * test accuracy.
 */
export class CompareView {
  /** The charts drawn last: a page that compares again (the dashboard's history) replaces them. */
  private charts: Chart[] = [];

  constructor(
    private readonly accuracyCanvas: HTMLCanvasElement,
    private readonly lossCanvas: HTMLCanvasElement,
    private readonly table: HTMLElement,
  ) {}

  show(runs: ComparedRun[]): { accuracyLines: number; lossLines: number; rows: number } {
    const colors = themeColors();
    const style = getComputedStyle(document.body);
    const colorOf = (i: number) =>
      style.getPropertyValue(PALETTE[i % PALETTE.length]!).trim() || FALLBACK[i % FALLBACK.length]!;
    const lines = (value: (point: EpochPoint) => number | undefined) =>
      runs.map((run, i): ChartDataset<'line', Point[]> => {
        const data = run.epochs.flatMap((point) => {
          const y = value(point);
          return y === undefined ? [] : [{ x: point.epoch, y }];
        });
        return { label: run.id, data, borderColor: colorOf(i), backgroundColor: colorOf(i), pointRadius: 2 };
      });
    const accuracy = lines((point) => point.testAccuracy);
    const loss = lines((point) => point.testLoss);
    for (const chart of this.charts.splice(0)) chart.destroy();
    const accuracyChart = new Chart(this.accuracyCanvas, {
      type: 'line',
      data: { datasets: accuracy },
      options: chartOptions(colors, 'test accuracy', { max: 1 }, RELATIVE_EPOCH),
    });
    const lossChart = new Chart(this.lossCanvas, {
      type: 'line',
      data: { datasets: loss },
      options: chartOptions(colors, 'test loss', {}, RELATIVE_EPOCH),
    });
    this.charts.push(accuracyChart, lossChart);
    const rows = this.showTable(runs);
    const drawn = (datasets: ChartDataset<'line', Point[]>[]) => datasets.filter((d) => d.data.length > 0).length;
    return { accuracyLines: drawn(accuracy), lossLines: drawn(loss), rows };
  }

  /** The differing settings and the final accuracy, one column per run; returns how many setting rows differ. */
  private showTable(runs: ComparedRun[]): number {
    const differing = differingSettings(runs);
    const accuracy = runs.map((run) =>
      run.finalTestAccuracy === undefined ? `— (${run.status})` : `${(run.finalTestAccuracy * 100).toFixed(2)}%`,
    );
    this.table.replaceChildren(
      tableRow(
        'run',
        runs.map((run) => run.id),
        true,
      ),
      tableRow('final test accuracy', accuracy),
      ...differing.map((setting) => tableRow(setting.name, setting.values)),
    );
    if (differing.length === 0) {
      this.table.append(
        tableRow(
          'settings',
          runs.map(() => 'the same in every run'),
        ),
      );
    }
    return differing.length;
  }
}
