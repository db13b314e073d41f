import type { SeededRandom } from '@nn/linalg';

/**
 * The displacements of DigitAugmenter's `warp` over a side×side image: one pair per control point (points×points,
 * spread evenly, corners included), drawn per sample, and for each pixel the control cell it lies in with its four
 * bilinear weights (computed once per augmenter).
 */
export class WarpGrid {
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

  /** A sample's displacements: x then y for each control point, row by row. */
  draw(rng: SeededRandom): void {
    const { cx, cy, maxDisplacement } = this;
    for (let c = 0; c < cx.length; c++) {
      cx[c] = rng.uniform(-maxDisplacement, maxDisplacement);
      cy[c] = rng.uniform(-maxDisplacement, maxDisplacement);
    }
  }

  dx(pixel: number): number {
    return this.interpolate(this.cx, pixel);
  }

  dy(pixel: number): number {
    return this.interpolate(this.cy, pixel);
  }

  private interpolate(values: Float64Array, pixel: number): number {
    const c = this.cell[pixel]!;
    const w = 4 * pixel;
    const { weights, points } = this;
    return (
      weights[w]! * values[c]! +
      weights[w + 1]! * values[c + 1]! +
      weights[w + 2]! * values[c + points]! +
      weights[w + 3]! * values[c + points + 1]!
    );
  }
}
