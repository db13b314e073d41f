import { absMax, divergingColor } from './colormap';
import type { WireLayer } from './view-data';

/** Side of one first-layer tile: an MNIST image is 28×28, so each hidden unit's weights form one. */
const IMAGE_SIDE = 28;
const TILE_SCALE = 3;
const TILE_GAP = 2;
/** Room left of the output layer's matrix for its digit labels. */
const LABEL_MARGIN = 14;

/** What the pointer is over, for the hover read-out and the highlight. */
export interface WeightProbe {
  /** The unit's index in the whole layer (a sampled layer shows only some units). */
  unit: number;
  input: number;
  value: number;
  /** Half-width of the colour scale used where the pointer is. */
  limit: number;
  /** The tile (or matrix row) under the pointer, in canvas pixels. */
  box: { x: number; y: number; width: number; height: number };
}

/**
 * Draws one layer's weights into a canvas. A layer whose inputs are a 28×28 image is drawn as one tile per
 * unit; any other layer as its weight matrix, units down and inputs across. One colour scale for the whole
 * layer by default, so a near-dead unit looks faint; per unit on request, to read the shape of weak units.
 */
export class LayerHeatmap {
  private layer: WireLayer | undefined;
  private limits: number[] = [];
  readonly tiled: boolean;
  private readonly columns: number;
  private readonly margin: number;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly index: number,
    shape: WireLayer,
    /** The output layer: its units are the classes, labelled 0–9 down the left. */
    readonly classes: boolean,
  ) {
    this.tiled = shape.cols === IMAGE_SIDE * IMAGE_SIDE && shape.inputs.length === shape.cols;
    this.columns = this.tiled ? Math.ceil(Math.sqrt(shape.units.length)) : shape.inputs.length;
    this.margin = classes && !this.tiled ? LABEL_MARGIN : 0;
  }

  draw(layer: WireLayer, perUnit: boolean): void {
    this.layer = layer;
    const units = layer.units.length;
    const inputs = layer.inputs.length;
    const layerLimit = absMax(layer.weights);
    this.limits = layer.units.map((_, r) =>
      perUnit ? absMax(layer.weights, r * inputs, (r + 1) * inputs) : layerLimit,
    );
    if (this.tiled) {
      const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
      this.resize(this.columns * pitch - TILE_GAP, Math.ceil(units / this.columns) * pitch - TILE_GAP);
    } else {
      const scale = this.matrixScale(layer);
      this.resize(this.margin + inputs * scale, units * scale);
    }
    const context = this.context();
    const image = context.createImageData(this.canvas.width, this.canvas.height);
    for (let r = 0; r < units; r++) {
      for (let c = 0; c < inputs; c++) {
        const color = divergingColor(layer.weights[r * inputs + c] as number, this.limits[r] ?? 0);
        const cell = this.cell(r, c, layer);
        for (let dy = 0; dy < cell.size; dy++) {
          for (let dx = 0; dx < cell.size; dx++) setPixel(image, cell.x + dx, cell.y + dy, color);
        }
      }
    }
    context.putImageData(image, 0, 0);
    if (this.margin > 0) this.drawClassLabels(context, layer);
  }

  /** The weight under canvas pixel (x, y), in the canvas's own pixels. */
  probe(x: number, y: number): WeightProbe | undefined {
    const layer = this.layer;
    if (!layer) return undefined;
    const inputs = layer.inputs.length;
    if (this.tiled) {
      const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
      const r = Math.floor(y / pitch) * this.columns + Math.floor(x / pitch);
      const px = Math.floor((x % pitch) / TILE_SCALE);
      const py = Math.floor((y % pitch) / TILE_SCALE);
      if (r >= layer.units.length || px >= IMAGE_SIDE || py >= IMAGE_SIDE) return undefined;
      return this.read(layer, r, py * IMAGE_SIDE + px, this.tileBox(r));
    }
    const scale = this.matrixScale(layer);
    const r = Math.floor(y / scale);
    const c = Math.floor((x - this.margin) / scale);
    if (r >= layer.units.length || c < 0 || c >= inputs) return undefined;
    return this.read(layer, r, c, { x: this.margin, y: r * scale, width: inputs * scale, height: scale });
  }

  /** The tile of the r-th unit drawn (a tiled layer), in canvas pixels. */
  tileBox(r: number): WeightProbe['box'] {
    const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
    const x = (r % this.columns) * pitch;
    return { x, y: Math.floor(r / this.columns) * pitch, width: pitch - TILE_GAP, height: pitch - TILE_GAP };
  }

  /** The largest scale in use, for the legend. */
  get maxLimit(): number {
    return this.limits.reduce((a, b) => Math.max(a, b), 0);
  }

  private read(layer: WireLayer, r: number, c: number, box: WeightProbe['box']): WeightProbe {
    return {
      unit: layer.units[r] as number,
      input: layer.inputs[c] as number,
      value: layer.weights[r * layer.inputs.length + c] as number,
      limit: this.limits[r] ?? 0,
      box,
    };
  }

  private cell(r: number, c: number, layer: WireLayer): { x: number; y: number; size: number } {
    if (this.tiled) {
      const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
      return {
        x: (r % this.columns) * pitch + (c % IMAGE_SIDE) * TILE_SCALE,
        y: Math.floor(r / this.columns) * pitch + Math.floor(c / IMAGE_SIDE) * TILE_SCALE,
        size: TILE_SCALE,
      };
    }
    const size = this.matrixScale(layer);
    return { x: this.margin + c * size, y: r * size, size };
  }

  private drawClassLabels(context: CanvasRenderingContext2D, layer: WireLayer): void {
    const scale = this.matrixScale(layer);
    context.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#888';
    context.font = `${Math.min(12, scale)}px sans-serif`;
    context.textBaseline = 'middle';
    layer.units.forEach((unit, r) => {
      context.fillText(String(unit), 2, r * scale + scale / 2);
    });
  }

  /** Cells big enough to hover over, but a wide layer still fits in about 640 pixels. */
  private matrixScale(layer: WireLayer): number {
    return Math.max(1, Math.min(12, Math.floor(640 / Math.max(layer.inputs.length, layer.units.length, 1))));
  }

  private resize(width: number, height: number): void {
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
  }

  private context(): CanvasRenderingContext2D {
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error(`heatmap of layer ${this.index + 1}: the canvas has no 2D context`);
    return context;
  }
}

function setPixel(image: ImageData, x: number, y: number, [r, g, b]: readonly [number, number, number]): void {
  const i = (y * image.width + x) * 4;
  image.data[i] = r;
  image.data[i + 1] = g;
  image.data[i + 2] = b;
  image.data[i + 3] = 255;
}
