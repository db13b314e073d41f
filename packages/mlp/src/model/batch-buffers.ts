import type { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import { kernelMatrix } from './kernel-matrix';

/**
 * Everything a forward and backward pass writes for one batch size, allocated once: per layer l,
 * z[l] = W·x + b, a[l] = f(z[l]), dz[l] = ∂L/∂z[l], da[l] = ∂L/∂a[l] (all units×B), and for dropout the
 * mask and the dropped activations that feed the next layer. x and y hold the gathered batch.
 * Buffers for inference (`training` false) have no dz, da or dropout arrays: a forward pass never writes them,
 * and on wide layers they would be most of an evaluation's memory.
 */
export class BatchBuffers {
  readonly batchSize: number;
  readonly x: Matrix;
  readonly y: Matrix;
  readonly z: Matrix[];
  readonly a: Matrix[];
  readonly dz: Matrix[];
  readonly da: Matrix[];
  /** Per hidden layer: 0 or 1/(1 − p) per unit and sample; empty without dropout. */
  readonly dropoutMask: Float32Array[];
  readonly dropped: Matrix[];
  /** The class label of each sample in the gathered batch. */
  readonly labels: Int32Array;

  constructor(layerSizes: readonly number[], batchSize: number, withDropout: boolean, training = true) {
    this.batchSize = batchSize;
    const units = layerSizes.slice(1);
    this.x = kernelMatrix(layerSizes[0]!, batchSize);
    this.y = kernelMatrix(units[units.length - 1]!, batchSize);
    const perLayer = () => units.map((n) => kernelMatrix(n, batchSize));
    this.z = perLayer();
    this.a = perLayer();
    this.dz = training ? perLayer() : [];
    this.da = training ? perLayer() : [];
    const hidden = training && withDropout ? units.slice(0, -1) : [];
    this.dropoutMask = hidden.map((n) => kernels().allocate(n * batchSize));
    this.dropped = hidden.map((n) => kernelMatrix(n, batchSize));
    this.labels = new Int32Array(batchSize);
  }

  /** What layer l + 1 reads: a[l], or its dropped copy while training with dropout. */
  layerOutput(l: number, training: boolean): Matrix {
    return training && this.dropped.length > 0 && l < this.dropped.length ? this.dropped[l]! : this.a[l]!;
  }
}
