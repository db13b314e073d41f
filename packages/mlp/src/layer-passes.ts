import { kernels, Matrix } from '@nn/linalg';

/**
 * One dense layer's passes as small functions over the kernel calls, so a layer (the first one, whose input is
 * mostly-zero pixels) can swap in a different product without touching the network code.
 * Shapes: input is in×B (column per sample), weights out×in, bias out×1, z and dz out×B.
 */
export interface LinearPasses {
  /** z = W·x + b */
  forward(z: Matrix, weights: Matrix, bias: Matrix, input: Matrix): void;
  /** dw = dz · xᵀ;  db = Σ_columns dz */
  weightGradient(dw: Matrix, db: Matrix, dz: Matrix, input: Matrix): void;
  /** dx = Wᵀ · dz (the gradient passed to the layer below) */
  inputGradient(dx: Matrix, weights: Matrix, dz: Matrix): void;
}

export const denseLinearPasses: LinearPasses = {
  forward(z, weights, bias, input) {
    Matrix.mulInto(z, weights, input);
    addBias(z.data, bias.data, z.rows, z.cols);
  },
  weightGradient(dw, db, dz, input) {
    Matrix.mulTransposeBInto(dw, dz, input);
    sumColumnsInto(db.data, dz.data, dz.rows, dz.cols);
  },
  inputGradient(dx, weights, dz) {
    Matrix.mulTransposeAInto(dx, weights, dz);
  },
};

/** z (rows×cols) += b broadcast along each row. */
export function addBias(z: Float32Array, b: Float32Array, rows: number, cols: number): void {
  kernels().addBias(rows, cols, z, b);
}

/** db (rows) = Σ_j dz[i, j]: each sample's contribution to the bias gradient. */
export function sumColumnsInto(db: Float32Array, dz: Float32Array, rows: number, cols: number): void {
  kernels().sumRows(rows, cols, dz, db);
}
