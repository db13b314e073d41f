import { COMPARE_CHARTS_MARKUP } from '@nn/views/page-markup';
import type { CompareData } from './compare-data';
import { escapeHtml, selfContainedPage } from './self-contained-page';

/** The comparison of several runs as one self-contained HTML file, under the same policy as a run's report. */
export function compareHtml(data: CompareData): string {
  return selfContainedPage({
    asset: 'compare-page',
    title: `NN runs compared: ${escapeHtml(data.runs.map((run) => run.id).join(', '))}`,
    bodyAttributes: 'data-view="compare"',
    body: `<table id="compare-table" aria-label="Final test accuracy and the settings that differ between the runs"></table>
${COMPARE_CHARTS_MARKUP}`,
    dataId: 'compare-data',
    data,
  });
}
