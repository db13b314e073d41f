import type { SeededRandom } from '@nn/linalg';

/** Where a WarpGrid keeps its tables and control points (views of a WasmResampler's memory, or arrays of its own). */
export interface WarpStorage {
  readonly cells: Int32Array;
  readonly weights: Float64Array;
  readonly controls: Float64Array;
}

/**
 * The displacements of DigitAugmenter's `warp` over a side×side image: one pair per control point (points×points,
 * spread evenly, corners included), drawn per sample, and for each pixel the control cell it lies in with its four
 * bilinear weights (computed once per augmenter). `draw` interpolates both fields at every pixel in one pass, each
 * pixel's cell and weights read once for the two; the WebAssembly resampler reads the same tables and does that
 * itself after `drawControls`.
 */
export class WarpGrid {
  /** The latest sample's displacement of each pixel along x, and along y (after `draw`). */
  readonly dx: Float64Array;
  readonly dy: Float64Array;
  /** The control points' displacements as (x, y) pairs, row by row. */
  private readonly controls: Float64Array;
  /** Per pixel, the index of its cell's top-left control point. */
  private readonly cell: Int32Array;
  /** Per pixel, the weights of its cell's top-left, top-right, bottom-left and bottom-right points. */
  private readonly weights: Float64Array;

  constructor(
    side: number,
    readonly points: number,
    private readonly maxDisplacement: number,
    storage: WarpStorage = {
      cells: new Int32Array(side * side),
      weights: new Float64Array(4 * side * side),
      controls: new Float64Array(2 * points * points),
    },
  ) {
    this.cell = storage.cells;
    this.weights = storage.weights;
    this.controls = storage.controls;
    this.dx = new Float64Array(side * side);
    this.dy = new Float64Array(side * side);
    const spacing = (side - 1) / (points - 1);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = y * side + x;
        const gx = x / spacing;
        const gy = y / spacing;
        const ix = Math.min(points - 2, Math.floor(gx));
        const iy = Math.min(points - 2, Math.floor(gy));
        const fx = gx - ix;
        const fy = gy - iy;
        this.cell[i] = iy * points + ix;
        this.weights.set([(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy], 4 * i);
      }
    }
  }

  /** A sample's displacements at the control points: x then y for each, row by row. */
  drawControls(rng: SeededRandom): void {
    const { controls, maxDisplacement, points } = this;
    for (let c = 0; c < 2 * points * points; c++) controls[c] = rng.uniform(-maxDisplacement, maxDisplacement);
  }

  /** `drawControls`, then `dx` and `dy` at every pixel. */
  draw(rng: SeededRandom): void {
    this.drawControls(rng);
    const { controls, cell, weights, points, dx, dy } = this;
    const below = 2 * points;
    for (let pixel = 0; pixel < dx.length; pixel++) {
      const c = 2 * cell[pixel]!;
      const w = 4 * pixel;
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      const w3 = weights[w + 3]!;
      dx[pixel] = w0 * controls[c]! + w1 * controls[c + 2]! + w2 * controls[c + below]! + w3 * controls[c + below + 2]!;
      dy[pixel] =
        w0 * controls[c + 1]! + w1 * controls[c + 3]! + w2 * controls[c + below + 1]! + w3 * controls[c + below + 3]!;
    }
  }
}
