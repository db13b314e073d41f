import type { SeededRandom } from '@nn/linalg';

/**
 * The displacements of DigitAugmenter's `warp` over a side×side image: one pair per control point (points×points,
 * spread evenly, corners included), drawn per sample, and for each pixel the control cell it lies in with its four
 * bilinear weights (computed once per augmenter). `draw` interpolates both fields at every pixel in one pass, each
 * pixel's cell and weights read once for the two.
 */
export class WarpGrid {
  /** The latest sample's displacement of each pixel along x, and along y. */
  readonly dx: Float64Array;
  readonly dy: Float64Array;
  private readonly cx: Float64Array;
  private readonly cy: Float64Array;
  /** Per pixel, the index of its cell's top-left control point. */
  private readonly cell: Int32Array;
  /** Per pixel, the weights of its cell's top-left, top-right, bottom-left and bottom-right points. */
  private readonly weights: Float64Array;

  constructor(
    side: number,
    private readonly points: number,
    private readonly maxDisplacement: number,
  ) {
    this.cell = new Int32Array(side * side);
    this.weights = new Float64Array(4 * side * side);
    this.dx = new Float64Array(side * side);
    this.dy = new Float64Array(side * side);
    this.cx = new Float64Array(points * points);
    this.cy = new Float64Array(points * points);
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

  /** A sample's displacements: x then y for each control point, row by row; then `dx` and `dy` at every pixel. */
  draw(rng: SeededRandom): void {
    const { cx, cy, maxDisplacement, cell, weights, points, dx, dy } = this;
    for (let c = 0; c < cx.length; c++) {
      cx[c] = rng.uniform(-maxDisplacement, maxDisplacement);
      cy[c] = rng.uniform(-maxDisplacement, maxDisplacement);
    }
    for (let pixel = 0; pixel < dx.length; pixel++) {
      const c = cell[pixel]!;
      const w = 4 * pixel;
      const w0 = weights[w]!;
      const w1 = weights[w + 1]!;
      const w2 = weights[w + 2]!;
      const w3 = weights[w + 3]!;
      dx[pixel] = w0 * cx[c]! + w1 * cx[c + 1]! + w2 * cx[c + points]! + w3 * cx[c + points + 1]!;
      dy[pixel] = w0 * cy[c]! + w1 * cy[c + 1]! + w2 * cy[c + points]! + w3 * cy[c + points + 1]!;
    }
  }
}
