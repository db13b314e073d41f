import type { ReportData } from './report-data';
import { escapeHtml, selfContainedPage } from './self-contained-page';

/** One run's report: its status, settings, curves, weights and confusion matrix with the cells' digits. */
export function reportHtml(data: ReportData): string {
  // The same element ids as the dashboard (packages/vscode-ext/src/dashboard-html.ts): the views look them up.
  return selfContainedPage({
    asset: 'report-page',
    title: `NN report: ${escapeHtml(data.run.id)}`,
    bodyAttributes: 'data-view="dashboard" data-has-run="true"',
    body: `<div id="status"></div>
<details id="config" open><summary>Configuration (recipe and settings this run used)</summary><table id="config-table"></table></details>
<div id="curves">
  <div class="charts">
    <div class="chart"><canvas id="loss-chart" aria-label="Loss per batch and per epoch"></canvas></div>
    <div class="chart"><canvas id="accuracy-chart" aria-label="Train and test accuracy per epoch"></canvas></div>
    <div class="chart"><canvas id="speed-chart" aria-label="Learning rate and samples per second"></canvas></div>
  </div>
</div>
<div id="weights-section">
<h2>Weights</h2>
<div id="weights-caption"></div>
<div id="weights"></div>
</div>
<div id="histograms-section">
<h2>Weight histograms</h2>
<div id="histograms-caption"></div>
<div id="histograms"></div>
</div>
<div id="confusion-section">
<h2>Confusion matrix</h2>
<div id="confusion-caption"></div>
<div id="confusion"></div>
<div id="cell-digits"></div>
</div>
`,
    dataId: 'run-data',
    data,
  });
}
