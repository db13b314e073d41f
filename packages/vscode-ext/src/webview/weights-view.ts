import type { WeightsSnapshot } from '../protocol';
import { LayerHeatmap } from './heatmap';

/**
 * The weight heatmaps: one block per layer with its canvas, a colour legend and a hover read-out.
 * Blocks are rebuilt only when the network's shape changes; a new snapshot just redraws them.
 */
export class WeightsView {
  private heatmaps: LayerHeatmap[] = [];
  private legends: HTMLElement[] = [];
  private shapeKey = '';

  constructor(
    private readonly container: HTMLElement,
    private readonly caption: HTMLElement,
  ) {}

  clear(): void {
    this.container.replaceChildren();
    this.heatmaps = [];
    this.legends = [];
    this.shapeKey = '';
    this.caption.textContent = 'No weights yet: they appear with the first snapshot of a run.';
  }

  show(snapshot: WeightsSnapshot): void {
    const key = snapshot.layers.map((l) => `${l.rows}x${l.cols}`).join(',');
    if (key !== this.shapeKey) this.build(snapshot);
    snapshot.layers.forEach((layer, i) => {
      const heatmap = this.heatmaps[i];
      if (!heatmap) return;
      heatmap.draw(layer);
      const legend = this.legends[i];
      if (legend) {
        const limit = heatmap.maxLimit.toPrecision(2);
        legend.textContent = heatmap.tiled
          ? `each tile on its own scale, −m … 0 … +m, m = max |w| of that unit (largest m here: ${limit})`
          : `one scale for the layer: −${limit} … 0 … +${limit}`;
      }
    });
    this.caption.textContent = `Weights after epoch ${snapshot.epoch}, batch ${snapshot.batch}`;
  }

  private build(snapshot: WeightsSnapshot): void {
    this.container.replaceChildren();
    this.heatmaps = [];
    this.legends = [];
    this.shapeKey = snapshot.layers.map((l) => `${l.rows}x${l.cols}`).join(',');
    snapshot.layers.forEach((layer, i) => {
      const block = element('section', 'layer');
      const title = element('h3');
      const canvas = element('canvas', 'heatmap') as HTMLCanvasElement;
      canvas.dataset.layer = String(i);
      const heatmap = new LayerHeatmap(canvas, i, layer);
      title.textContent = heatmap.tiled
        ? `Layer ${i + 1}: ${layer.rows} hidden units, each unit's ${layer.cols} input weights as a 28×28 image`
        : `Layer ${i + 1}: ${layer.rows} units × ${layer.cols} inputs`;
      const scale = element('div', 'legend');
      const bar = element('span', 'legend-bar');
      const legend = element('span', 'legend-text');
      scale.append(bar, legend);
      const readout = element('div', 'readout');
      readout.textContent = 'Hover over the weights to read a value.';
      canvas.addEventListener('mousemove', (event) => {
        const rect = canvas.getBoundingClientRect();
        const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
        const y = ((event.clientY - rect.top) * canvas.height) / rect.height;
        const probe = heatmap.probe(x, y);
        readout.textContent = probe
          ? heatmap.tiled
            ? `unit ${probe.unit}, pixel (${probe.input % 28}, ${Math.floor(probe.input / 28)}): w = ${probe.value.toPrecision(4)} (tile scale ±${probe.limit.toPrecision(2)})`
            : `unit ${probe.unit}, input ${probe.input}: w = ${probe.value.toPrecision(4)}`
          : '';
      });
      block.append(title, canvas, scale, readout);
      this.container.append(block);
      this.heatmaps.push(heatmap);
      this.legends.push(legend);
    });
  }
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
