import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TrainError } from '../errors';
import type { ReportData } from './report-data';

/**
 * The page script and stylesheet that the build bundles from @nn/views (tsup.config.ts): beside the built CLI in
 * dist/report/, or, when this module runs from its source (tests), in the package's dist/report/.
 */
export function pageAsset(name: string): string {
  for (const relative of [`./report/${name}`, `../../dist/report/${name}`]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new TrainError(`the report page's ${name} is missing: build @nn/train first (pnpm --filter @nn/train build)`);
}

/** Nothing by default; data: images; the page's one script and one stylesheet by their hashes. */
export function pagePolicy(script: string, style: string): string {
  return ["default-src 'none'", 'img-src data:', `style-src ${sha256(style)}`, `script-src ${sha256(script)}`].join(
    '; ',
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** `<` as a JSON escape, so no text inside the data (a run id, a setting) can close the block it sits in. */
export const embeddable = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * One self-contained HTML file: the data as a JSON block, the script and stylesheet inline. The policy allows
 * nothing by default: no request of any kind, images only from data: URLs, and the one script and one stylesheet
 * only because their hashes are listed (an injected script or style would not match).
 */
export function reportHtml(data: ReportData): string {
  const script = pageAsset('report-page.js');
  const style = pageAsset('report-page.css');
  const csp = pagePolicy(script, style);
  const title = `NN report: ${escapeHtml(data.run.id)}`;
  // The same element ids as the dashboard (packages/vscode-ext/src/dashboard-html.ts): the views look them up.
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style>${style}</style>
</head>
<body data-view="dashboard" data-has-run="true">
<h2>${title}</h2>
<div id="status"></div>
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
<div id="confusion-section">
<h2>Confusion matrix</h2>
<div id="confusion-caption"></div>
<div id="confusion"></div>
<div id="cell-digits"></div>
</div>
<script type="application/json" id="run-data">${embeddable(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
