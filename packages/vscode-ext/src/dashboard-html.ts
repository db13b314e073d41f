import { randomBytes } from 'node:crypto';
import { COMPARE_CHARTS_MARKUP, runSectionsMarkup } from '@nn/views/page-markup';
import type { DashboardView } from './protocol';

export interface DashboardPage {
  /** `webview.cspSource`: the origin the webview may load our media from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** A fresh random value for each page; only the script carrying it may run. */
  nonce: string;
  view: DashboardView;
}

/**
 * The dashboard's HTML. The policy allows nothing by default; styles and images come only from our
 * media folder, and the one script runs only because it carries the nonce (so injected markup cannot run).
 */
export function dashboardHtml(page: DashboardPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${page.cspSource} data:`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${page.styleUri}">
<title>NN Dashboard</title>
</head>
<body data-view="${page.view}">
<h2>NN Dashboard</h2>
<div id="status"></div>
<div id="empty">
  <p>No run yet. <strong>Train MNIST</strong> trains a network on the 60,000 handwritten digits of MNIST in the
  background, with the recipe and settings under <em>NN</em> in your settings; its loss and accuracy curves and its
  weights appear here as it learns, and the run is saved in a folder of its own.</p>
  <button id="train">Train MNIST</button>
</div>
<button id="resume" hidden>Resume</button>
<details id="config" hidden><summary>Configuration (recipe and settings this run used)</summary><table id="config-table"></table></details>
${runSectionsMarkup(true)}<div id="pad-section">
<h2>Digit pad</h2>
<p class="hint">Draw a digit with the mouse, a pen or a finger: the network of the run shown classifies it as you draw.</p>
<div id="pad"></div>
</div>
<div id="history-section">
<h2>Run history</h2>
<p class="hint" id="history-caption"></p>
<p id="history-empty" hidden>No runs in the runs folder yet. <strong>Train MNIST</strong> makes one; every run stays
in its folder and is listed here, to open again, compare with others or delete.</p>
<table id="history" aria-label="The runs in the runs folder, newest first"></table>
<div id="compare" hidden>
  <h3>Runs compared</h3>
  <p class="hint" id="compare-caption"></p>
${COMPARE_CHARTS_MARKUP}  <table id="compare-table" aria-label="Final test accuracy and the settings that differ between the runs"></table>
</div>
</div>
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}

/** A fresh nonce for the CSP: 144 random bits, base64url (letters, digits, - and _). */
export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}
