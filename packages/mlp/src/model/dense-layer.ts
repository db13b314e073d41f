import { Matrix } from '@nn/linalg';
import type { Activation } from './activations/activation';
import type { BatchBuffers } from './batch-buffers';
import type { Loss } from './losses/loss';

/** One dense layer, as in the seed: z = W·a_in + b, a = f(z). Samples are columns. */
export interface DenseLayer {
  /** W: [out, in] */
  readonly weights: Matrix;
  /** b: [out, 1] */
  readonly bias: Matrix<number, 1>;
  readonly activation: Activation;
}

/** What `forward` and `backward` read of a network (the `Network` class is one). */
export interface LayeredNetwork {
  readonly layers: readonly DenseLayer[];
  readonly loss: Loss;
  /** Probability of dropping each hidden unit while training. */
  readonly dropout: number;
  /** The work buffers for `batchSize` samples, allocated once and reused. */
  buffersFor(batchSize: number): BatchBuffers;
}

// W: [out, in]   b: [out, 1]   a_in: [in, B]   z, a: [out, B]
/** One layer forward: z = W·a_in + b, then a = f(z), written into z and a. */
export function denseForward(layer: DenseLayer, aIn: Matrix, z: Matrix, a: Matrix): void {
  Matrix.mulInto(z, layer.weights, aIn); // z = W·a_in
  z.addColumnInPlace(layer.bias); //        + b
  layer.activation.forward(z.data, a.data, z.rows, z.cols); // a = f(z)
}

// dz: [out, B]   a_in: [in, B]   dW: [out, in]   db: [out, 1]   da_in: [in, B]
// dW = dz·a_inᵀ;  db = Σ_B dz;  da_in = Wᵀ·dz (left out for the first layer: the input needs no gradient)
/** One layer backward from dz: its weight and bias gradients, and the gradient at its input when `daIn` is given. */
export function denseBackward(
  layer: DenseLayer,
  aIn: Matrix,
  dz: Matrix,
  dw: Matrix,
  db: Matrix<number, 1>,
  daIn: Matrix | undefined,
): void {
  Matrix.mulTransposeBInto(dw, dz, aIn); // dW = dz·a_inᵀ
  dz.sumColumnsInto(db); //                 db = Σ_B dz
  if (daIn) Matrix.mulTransposeAInto(daIn, layer.weights, dz); // da_in = Wᵀ·dz
}

// z, a, da, dz: [out, B]
/** dz = f'(z) ⊙ da: the gradient at the layer's input to its activation f. */
export function activationBackward(layer: DenseLayer, z: Matrix, a: Matrix, da: Matrix, dz: Matrix): void {
  layer.activation.backward(z.data, a.data, da.data, dz.data, z.rows, z.cols);
}
