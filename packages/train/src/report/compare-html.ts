import type { CompareData } from './compare-data';
import { escapeHtml, selfContainedPage } from './self-contained-page';

/** The comparison of several runs as one self-contained HTML file, under the same policy as a run's report. */
export function compareHtml(data: CompareData): string {
  return selfContainedPage({
    asset: 'compare-page',
    title: `NN runs compared: ${escapeHtml(data.runs.map((run) => run.id).join(', '))}`,
    bodyAttributes: 'data-view="compare"',
    body: `<table id="compare-table" aria-label="Final test accuracy and the settings that differ between the runs"></table>
<div class="charts">
  <div class="chart"><canvas id="compare-accuracy" aria-label="Test accuracy per epoch, one line per run"></canvas></div>
  <div class="chart"><canvas id="compare-loss" aria-label="Test loss per epoch, one line per run"></canvas></div>
</div>
`,
    dataId: 'compare-data',
    data,
  });
}
