import { Matrix } from '@nn/linalg';
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
  /**
   * The larger buffers whose memory these share, if any: kept referenced, since a view does not keep the array
   * the kernel heap handed out alive, and the heap reuses that array's block once it is collected.
   */
  readonly sharing: BatchBuffers | undefined;

  /**
   * `within`: buffers of the same network for at least `batchSize` samples, whose memory these then share (each
   * array the first part of its counterpart there), so an epoch's last, smaller batch adds nothing to the
   * process's memory. Only one of them may be in use at a time: a fit's batches come one after another.
   */
  constructor(
    layerSizes: readonly number[],
    batchSize: number,
    withDropout: boolean,
    training = true,
    within?: BatchBuffers,
  ) {
    this.batchSize = batchSize;
    this.sharing = within;
    const units = layerSizes.slice(1);
    const matrix = (rows: number, from: Matrix | undefined): Matrix =>
      from ? new Matrix(rows, batchSize, from.data.subarray(0, rows * batchSize)) : kernelMatrix(rows, batchSize);
    this.x = matrix(layerSizes[0]!, within?.x);
    this.y = matrix(units[units.length - 1]!, within?.y);
    const perLayer = (from: Matrix[] | undefined) => units.map((n, l) => matrix(n, from?.[l]));
    this.z = perLayer(within?.z);
    this.a = perLayer(within?.a);
    this.dz = training ? perLayer(within?.dz) : [];
    this.da = training ? perLayer(within?.da) : [];
    const hidden = training && withDropout ? units.slice(0, -1) : [];
    this.dropoutMask = hidden.map(
      (n, l) => within?.dropoutMask[l]?.subarray(0, n * batchSize) ?? kernels().allocate(n * batchSize),
    );
    this.dropped = hidden.map((n, l) => matrix(n, within?.dropped[l]));
    this.labels = within ? within.labels.subarray(0, batchSize) : new Int32Array(batchSize);
  }

  /** What layer l + 1 reads: a[l], or its dropped copy while training with dropout. */
  layerOutput(l: number, training: boolean): Matrix {
    return training && this.dropped.length > 0 && l < this.dropped.length ? this.dropped[l]! : this.a[l]!;
  }
}
