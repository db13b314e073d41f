// The markup the views draw into, written once for every host (the dashboard in nn-vscode, `nn report` and its
// `--compare` page in @nn/train): the views find their elements by these ids.

/**
 * One run's curves, weights, weight histograms and confusion matrix. `liveControls` adds the toggles the dashboard
 * offers (the loss on a log scale, one colour scale per layer).
 */
export function runSectionsMarkup(liveControls: boolean): string {
  const logLoss =
    '  <div class="controls"><label><input type="checkbox" id="log-loss"> loss on a log scale</label></div>\n';
  const layerScale =
    '<div class="controls"><label><input type="checkbox" id="layer-scale"> one colour scale per layer (off: per unit)</label></div>\n';
  return `<div id="curves">
${liveControls ? logLoss : ''}  <div class="charts">
    <div class="chart"><canvas id="loss-chart" aria-label="Loss per batch and per epoch"></canvas></div>
    <div class="chart"><canvas id="accuracy-chart" aria-label="Train and test accuracy per epoch"></canvas></div>
    <div class="chart"><canvas id="speed-chart" aria-label="Learning rate and samples per second"></canvas></div>
  </div>
</div>
<div id="weights-section">
<h2>Weights</h2>
${liveControls ? layerScale : ''}<div id="weights-caption"></div>
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
`;
}

/** The comparison's two charts: test accuracy and test loss per epoch, one line per run. */
export const COMPARE_CHARTS_MARKUP = `<div class="charts">
  <div class="chart"><canvas id="compare-accuracy" aria-label="Test accuracy per epoch, one line per run"></canvas></div>
  <div class="chart"><canvas id="compare-loss" aria-label="Test loss per epoch, one line per run"></canvas></div>
</div>
`;
