import { LayerHeatmap } from './heatmap';
import type { WeightsSnapshot, WireLayer } from './view-data';

/**
 * The weight heatmaps: one block per layer with its canvas, axis labels, a colour legend, a highlight over
 * the tile or row under the pointer and a read-out beside the pointer (a tall canvas would push one below
 * it off-screen). Blocks are rebuilt only when the network's shape changes; a new snapshot just redraws them.
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

  show(snapshot: WeightsSnapshot, perLayerScale: boolean): void {
    const key = snapshot.layers.map((l) => `${l.rows}x${l.cols}:${l.units.length}x${l.inputs.length}`).join(',');
    if (key !== this.shapeKey) this.build(snapshot, key);
    snapshot.layers.forEach((layer, i) => {
      const heatmap = this.heatmaps[i];
      if (!heatmap) return;
      heatmap.draw(layer, !perLayerScale);
      const legend = this.legends[i];
      if (legend) {
        const limit = heatmap.maxLimit.toPrecision(2);
        legend.textContent = perLayerScale
          ? `one scale for the layer: −${limit} … 0 … +${limit}`
          : `each unit on its own scale, −m … 0 … +m, m = max |w| of that unit (largest m here: ${limit})`;
      }
    });
    this.caption.textContent = `Weights after epoch ${snapshot.epoch}${snapshot.batch > 0 ? `, batch ${snapshot.batch}` : ''}`;
  }

  private build(snapshot: WeightsSnapshot, key: string): void {
    this.container.replaceChildren();
    this.heatmaps = [];
    this.legends = [];
    this.shapeKey = key;
    const last = snapshot.layers.length - 1;
    snapshot.layers.forEach((layer, i) => {
      const block = element('section', 'layer');
      const title = element('h3');
      const frame = element('div', 'heatmap-frame');
      const canvas = element('canvas', 'heatmap') as HTMLCanvasElement;
      canvas.dataset.layer = String(i);
      const highlight = element('div', 'highlight');
      highlight.hidden = true;
      frame.append(canvas, highlight);
      const heatmap = new LayerHeatmap(canvas, i, layer, i === last);
      title.textContent = describeLayer(layer, i, i === last, heatmap.tiled);
      const axes = element('div', 'axes');
      axes.textContent = heatmap.tiled
        ? "each tile: one unit's weight for each pixel of the 28×28 input image"
        : `↓ ${i === last ? 'digits (output units)' : `units of layer ${i + 1}`}   → inputs: ${i === 0 ? 'input values' : `units of layer ${i}`}${sampled(layer.inputs.length, layer.cols)}`;
      const scale = element('div', 'legend');
      const bar = element('span', 'legend-bar');
      const legend = element('span', 'legend-text');
      scale.append(bar, legend);
      const readout = element('div', 'readout');
      readout.hidden = true;
      canvas.addEventListener('mousemove', (event) => {
        // Canvas pixels to CSS pixels inside the border (the canvas may be shrunk to the panel's width).
        const rect = canvas.getBoundingClientRect();
        const sx = canvas.clientWidth / canvas.width;
        const sy = canvas.clientHeight / canvas.height;
        const left0 = rect.left + canvas.clientLeft;
        const top0 = rect.top + canvas.clientTop;
        const probe = heatmap.probe((event.clientX - left0) / sx, (event.clientY - top0) / sy);
        highlight.hidden = readout.hidden = probe === undefined;
        if (!probe) return;
        Object.assign(highlight.style, {
          left: `${canvas.clientLeft + probe.box.x * sx}px`,
          top: `${canvas.clientTop + probe.box.y * sy}px`,
          width: `${probe.box.width * sx}px`,
          height: `${probe.box.height * sy}px`,
        });
        readout.textContent = heatmap.tiled
          ? `unit ${probe.unit}, pixel (${probe.input % 28}, ${Math.floor(probe.input / 28)}): w = ${probe.value.toPrecision(4)} (scale ±${probe.limit.toPrecision(2)})`
          : `${i === last ? 'digit' : 'unit'} ${probe.unit}, input ${probe.input}: w = ${probe.value.toPrecision(4)}`;
        // Beside the pointer, flipped left near the right edge, so it is on screen however tall the canvas.
        const left = event.clientX + 14 + 320 > window.innerWidth ? event.clientX - 334 : event.clientX + 14;
        Object.assign(readout.style, { left: `${Math.max(0, left)}px`, top: `${event.clientY + 14}px` });
      });
      canvas.addEventListener('mouseleave', () => {
        highlight.hidden = readout.hidden = true;
      });
      block.append(title, axes, frame, scale, readout);
      this.container.append(block);
      this.heatmaps.push(heatmap);
      this.legends.push(legend);
    });
  }
}

function describeLayer(layer: WireLayer, i: number, output: boolean, tiled: boolean): string {
  const shown = sampled(layer.units.length, layer.rows);
  if (tiled) return `Layer ${i + 1}: ${layer.rows} units × ${layer.cols} pixels${shown}`;
  return `Layer ${i + 1}${output ? ' (output)' : ''}: ${layer.rows} units × ${layer.cols} inputs${shown}`;
}

/** "(64 of 1024 shown, evenly spaced)" when a big layer came as a sample. */
function sampled(shown: number, all: number): string {
  return shown < all ? ` (${shown} of ${all} shown, evenly spaced)` : '';
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
