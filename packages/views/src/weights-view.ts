import { LayerHeatmap } from './heatmap';
import type { AskForUnitDigits } from './unit-digits-view';
import { type TilesShown, UnitTiles } from './unit-tiles';
import type { UnitDigits, UnitsShown } from './units-data';
import type { WeightsSnapshot, WireLayer } from './view-data';
import { MAX_TILES } from './weight-sample';

/** The page lacks the weights of these first-layer units (a page of tiles): the host sends them in a snapshot. */
export type AskForTiles = (units: number[]) => void;

/**
 * The weight heatmaps: one block per layer with its canvas, axis labels, a colour legend, a highlight over
 * the tile or row under the pointer and a read-out beside the pointer (a tall canvas would push one below
 * it off-screen). Blocks are rebuilt only when the network's shape changes; a new snapshot just redraws them.
 * With `askUnit`, the first layer's tiles are units (unit-tiles.ts): sorted and paged over the whole layer, dead
 * ones marked, a click lists digits. A layer that came as one page of units asks for the next with `askTiles`.
 */
export class WeightsView {
  private heatmaps: LayerHeatmap[] = [];
  private legends: HTMLElement[] = [];
  private shapeKey = '';
  private tiles: UnitTiles | undefined;
  private units: UnitsShown | undefined;
  private tilesShown: TilesShown = { sort: 'trained', page: 0 };
  /** The units last asked for with `askTiles`, so a snapshot sent before the answer does not ask again. */
  private askedTiles = '';
  /** The tiles show a page already: a page whose weights are still on their way keeps them until it comes. */
  private tilesDrawn = false;
  private last: { snapshot: WeightsSnapshot; perLayerScale: boolean } | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly caption: HTMLElement,
    private readonly askUnit?: AskForUnitDigits,
    private readonly askTiles?: AskForTiles,
  ) {}

  clear(): void {
    this.container.replaceChildren();
    this.tiles = undefined;
    this.units = undefined;
    this.last = undefined;
    this.heatmaps = [];
    this.legends = [];
    this.shapeKey = '';
    // Another run: its first page, in the order the user chose.
    this.tilesShown = { ...this.tilesShown, page: 0 };
    this.askedTiles = '';
    this.tilesDrawn = false;
    this.caption.textContent = 'No weights yet: they appear with the first snapshot of a run.';
  }

  show(snapshot: WeightsSnapshot, perLayerScale: boolean): void {
    // A tiled layer keeps its blocks whichever page of units it carries.
    const key = snapshot.layers
      .map((l) => `${l.rows}x${l.cols}:${tiledShape(l) ? 'tiles' : `${l.units.length}x${l.inputs.length}`}`)
      .join(',');
    this.last = { snapshot, perLayerScale };
    if (key !== this.shapeKey) this.build(snapshot, key);
    snapshot.layers.forEach((layer, i) => {
      const heatmap = this.heatmaps[i];
      if (!heatmap) return;
      const tiles = i === 0 ? this.tiles : undefined;
      const drawn = tiles ? this.tilePage(tiles, layer) : layer;
      if (!drawn) return;
      heatmap.draw(drawn, !perLayerScale);
      tiles?.mark(heatmap, drawn);
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

  /** The first layer's units on the test set (or none): the tiles' sort and dead marks follow them. */
  showUnits(units: UnitsShown | undefined): void {
    this.units = units;
    this.tiles?.setUnits(units);
    this.redraw();
  }

  /** The digits of a unit clicked earlier; drawn only when they answer the newest click. */
  answerUnit(digits: UnitDigits): void {
    this.tiles?.answer(digits);
  }

  applyTheme(): void {
    this.tiles?.applyTheme();
  }

  /**
   * The page of tiles to draw, and a request for the units of it the snapshot lacks; undefined while they come
   * and other tiles are on screen (rather than a half-empty page for the round trip).
   */
  private tilePage(tiles: UnitTiles, layer: WireLayer): WireLayer | undefined {
    const { drawn, wanted } = tiles.arrange(layer, this.tilesShown.page);
    this.tilesShown = { sort: tiles.sort, page: tiles.page };
    if (drawn.units.length === wanted.length) {
      this.askedTiles = '';
    } else if (wanted.join(',') !== this.askedTiles) {
      this.askedTiles = wanted.join(',');
      this.askTiles?.(wanted);
    }
    if (drawn.units.length < wanted.length && this.tilesDrawn && this.askTiles) return undefined;
    this.tilesDrawn = true;
    return drawn;
  }

  private redraw(): void {
    if (this.last) this.show(this.last.snapshot, this.last.perLayerScale);
  }

  private build(snapshot: WeightsSnapshot, key: string): void {
    this.container.replaceChildren();
    this.tiles = undefined;
    this.heatmaps = [];
    this.legends = [];
    this.shapeKey = key;
    this.tilesDrawn = false;
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
      const tiles =
        i === 0 && heatmap.tiled && this.askUnit
          ? new UnitTiles(frame, this.tilesShown, this.askUnit, (shown) => {
              this.tilesShown = shown;
              this.redraw();
            })
          : undefined;
      if (tiles) {
        tiles.setUnits(this.units);
        this.tiles = tiles;
      }
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
      // Canvas pixels to CSS pixels inside the border (the canvas may be shrunk to the panel's width).
      const scales = () => ({ sx: canvas.clientWidth / canvas.width, sy: canvas.clientHeight / canvas.height });
      const probeAt = (event: MouseEvent) => {
        const rect = canvas.getBoundingClientRect();
        const { sx, sy } = scales();
        return heatmap.probe(
          (event.clientX - rect.left - canvas.clientLeft) / sx,
          (event.clientY - rect.top - canvas.clientTop) / sy,
        );
      };
      if (tiles) {
        canvas.addEventListener('click', (event) => {
          const probe = probeAt(event);
          if (probe) tiles.choose(probe.unit);
        });
      }
      canvas.addEventListener('mousemove', (event) => {
        const { sx, sy } = scales();
        const probe = probeAt(event);
        highlight.hidden = readout.hidden = probe === undefined;
        if (!probe) return;
        Object.assign(highlight.style, {
          left: `${canvas.clientLeft + probe.box.x * sx}px`,
          top: `${canvas.clientTop + probe.box.y * sy}px`,
          width: `${probe.box.width * sx}px`,
          height: `${probe.box.height * sy}px`,
        });
        readout.textContent = heatmap.tiled
          ? `unit ${probe.unit}, pixel (${probe.input % 28}, ${Math.floor(probe.input / 28)}): w = ${probe.value.toPrecision(4)} (scale ±${probe.limit.toPrecision(2)})${firing(this.units, probe.unit)}`
          : `${i === last ? 'digit' : 'unit'} ${probe.unit}, input ${probe.input}: w = ${probe.value.toPrecision(4)}`;
        // Beside the pointer, flipped left near the right edge, so it is on screen however tall the canvas.
        const left = event.clientX + 14 + 320 > window.innerWidth ? event.clientX - 334 : event.clientX + 14;
        Object.assign(readout.style, { left: `${Math.max(0, left)}px`, top: `${event.clientY + 14}px` });
      });
      canvas.addEventListener('mouseleave', () => {
        highlight.hidden = readout.hidden = true;
      });
      if (tiles) block.append(title, axes, tiles.bar, frame, scale, readout, tiles.digitsContainer);
      else block.append(title, axes, frame, scale, readout);
      this.container.append(block);
      this.heatmaps.push(heatmap);
      this.legends.push(legend);
    });
  }
}

/** " · fires on 23.5% of test images; click for its top digits", when the run recorded its units. */
function firing(units: UnitsShown | undefined, unit: number): string {
  if (!units || units.testSize === 0) return '';
  const share = (100 * (units.active[unit] ?? 0)) / units.testSize;
  return ` · fires on ${share.toFixed(1)}% of test images; click for its top digits`;
}

function describeLayer(layer: WireLayer, i: number, output: boolean, tiled: boolean): string {
  if (tiled) {
    const paged = layer.rows > MAX_TILES ? `, ${MAX_TILES} tiles a page` : '';
    return `Layer ${i + 1}: ${layer.rows} units × ${layer.cols} pixels${paged}`;
  }
  const shown = sampled(layer.units.length, layer.rows);
  return `Layer ${i + 1}${output ? ' (output)' : ''}: ${layer.rows} units × ${layer.cols} inputs${shown}`;
}

/** "(64 of 1024 shown, evenly spaced)" when a big layer came as a sample. */
function sampled(shown: number, all: number): string {
  return shown < all ? ` (${shown} of ${all} shown, evenly spaced)` : '';
}

/** A first layer over 28×28 images with all its inputs: drawn as tiles (as LayerHeatmap decides). */
function tiledShape(layer: WireLayer): boolean {
  return layer.cols === 28 * 28 && layer.inputs.length === layer.cols;
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
