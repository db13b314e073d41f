/**
 * An activation's forward rule and its local backward rule over one layer's buffers, column per sample.
 * `z`, `a`, `da`, `dz` are rows × cols (units × batch), row-major.
 */
export interface Activation {
  readonly name: ActivationName;
  /** a = f(z) */
  forward(z: Float32Array, a: Float32Array, rows: number, cols: number): void;
  /** dz = f'(z) ⊙ da (for softmax, the Jacobian of each column applied to da) */
  backward(z: Float32Array, a: Float32Array, da: Float32Array, dz: Float32Array, rows: number, cols: number): void;
}

/** The activations a layer can use, by the names model files and configs give them. */
export type ActivationName = 'sigmoid' | 'relu' | 'leakyRelu' | 'tanh' | 'softmax' | 'identity';
