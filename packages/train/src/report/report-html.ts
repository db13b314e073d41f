import { runSectionsMarkup } from '@nn/views/page-markup';
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
${runSectionsMarkup(false)}`,
    dataId: 'run-data',
    data,
  });
}
