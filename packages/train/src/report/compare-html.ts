import type { CompareData } from './compare-data';
import { embeddable, escapeHtml, pageAsset, pagePolicy } from './report-html';

/** The comparison of several runs as one self-contained HTML file, under the same policy as a run's report. */
export function compareHtml(data: CompareData): string {
  const script = pageAsset('compare-page.js');
  const style = pageAsset('compare-page.css');
  const title = `NN runs compared: ${escapeHtml(data.runs.map((run) => run.id).join(', '))}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${pagePolicy(script, style)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style>${style}</style>
</head>
<body data-view="compare">
<h2>${title}</h2>
<table id="compare-table" aria-label="Final test accuracy and the settings that differ between the runs"></table>
<div class="charts">
  <div class="chart"><canvas id="compare-accuracy" aria-label="Test accuracy per epoch, one line per run"></canvas></div>
  <div class="chart"><canvas id="compare-loss" aria-label="Test loss per epoch, one line per run"></canvas></div>
</div>
<script type="application/json" id="compare-data">${embeddable(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
