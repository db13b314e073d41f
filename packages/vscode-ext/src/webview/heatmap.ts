import type { WireLayer } from '../protocol';
import { absMax, divergingColor } from './colormap';

/** Side of one first-layer tile: an MNIST image is 28×28, so each hidden unit's weights form one. */
const IMAGE_SIDE = 28;
const TILE_SCALE = 3;
const TILE_GAP = 2;

/** What the pointer is over, for the hover read-out. */
export interface WeightProbe {
  unit: number;
  input: number;
  value: number;
  /** Half-width of the colour scale used where the pointer is. */
  limit: number;
}

/**
 * Draws one layer's weights into a canvas. A layer whose inputs are a 28×28 image is drawn as one tile
 * per hidden unit (each on its own symmetric scale, so small units are still readable); any other
 * layer is drawn as its weight matrix, units down and inputs across, on one scale for the layer.
 */
export class LayerHeatmap {
  private layer: WireLayer | undefined;
  private limits: number[] = [];
  readonly tiled: boolean;
  private readonly columns: number;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly index: number,
    shape: { rows: number; cols: number },
  ) {
    this.tiled = shape.cols === IMAGE_SIDE * IMAGE_SIDE;
    this.columns = this.tiled ? Math.ceil(Math.sqrt(shape.rows)) : shape.cols;
  }

  draw(layer: WireLayer): void {
    this.layer = layer;
    if (this.tiled) this.drawTiles(layer);
    else this.drawMatrix(layer);
  }

  /** The weight under canvas pixel (x, y), in the canvas's own pixels. */
  probe(x: number, y: number): WeightProbe | undefined {
    const layer = this.layer;
    if (!layer) return undefined;
    if (!this.tiled) {
      const scale = this.matrixScale(layer);
      const unit = Math.floor(y / scale);
      const input = Math.floor(x / scale);
      if (unit >= layer.rows || input >= layer.cols) return undefined;
      return { unit, input, value: layer.weights[unit * layer.cols + input] as number, limit: this.limits[0] ?? 0 };
    }
    const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
    const unit = Math.floor(y / pitch) * this.columns + Math.floor(x / pitch);
    const px = Math.floor((x % pitch) / TILE_SCALE);
    const py = Math.floor((y % pitch) / TILE_SCALE);
    if (unit >= layer.rows || px >= IMAGE_SIDE || py >= IMAGE_SIDE) return undefined;
    const input = py * IMAGE_SIDE + px;
    return { unit, input, value: layer.weights[unit * layer.cols + input] as number, limit: this.limits[unit] ?? 0 };
  }

  /** The largest scale among the tiles (or the layer's scale), for the legend. */
  get maxLimit(): number {
    return this.limits.reduce((a, b) => Math.max(a, b), 0);
  }

  private drawTiles(layer: WireLayer): void {
    const pitch = IMAGE_SIDE * TILE_SCALE + TILE_GAP;
    const tileRows = Math.ceil(layer.rows / this.columns);
    this.resize(this.columns * pitch - TILE_GAP, tileRows * pitch - TILE_GAP);
    const context = this.context();
    const image = context.createImageData(this.canvas.width, this.canvas.height);
    this.limits = [];
    for (let unit = 0; unit < layer.rows; unit++) {
      const offset = unit * layer.cols;
      const limit = absMax(layer.weights, offset, offset + layer.cols);
      this.limits.push(limit);
      const left = (unit % this.columns) * pitch;
      const top = Math.floor(unit / this.columns) * pitch;
      for (let input = 0; input < layer.cols; input++) {
        const color = divergingColor(layer.weights[offset + input] as number, limit);
        const x0 = left + (input % IMAGE_SIDE) * TILE_SCALE;
        const y0 = top + Math.floor(input / IMAGE_SIDE) * TILE_SCALE;
        for (let dy = 0; dy < TILE_SCALE; dy++) {
          for (let dx = 0; dx < TILE_SCALE; dx++) setPixel(image, x0 + dx, y0 + dy, color);
        }
      }
    }
    context.putImageData(image, 0, 0);
  }

  private drawMatrix(layer: WireLayer): void {
    const scale = this.matrixScale(layer);
    this.resize(layer.cols * scale, layer.rows * scale);
    const context = this.context();
    const image = context.createImageData(this.canvas.width, this.canvas.height);
    const limit = absMax(layer.weights);
    this.limits = [limit];
    for (let unit = 0; unit < layer.rows; unit++) {
      for (let input = 0; input < layer.cols; input++) {
        const color = divergingColor(layer.weights[unit * layer.cols + input] as number, limit);
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) setPixel(image, input * scale + dx, unit * scale + dy, color);
        }
      }
    }
    context.putImageData(image, 0, 0);
  }

  /** Cells big enough to hover over, but a wide layer still fits in about 640 pixels. */
  private matrixScale(layer: WireLayer): number {
    return Math.max(1, Math.min(12, Math.floor(640 / Math.max(layer.cols, layer.rows, 1))));
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
