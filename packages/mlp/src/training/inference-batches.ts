import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { BatchBuffers } from '../model/batch-buffers';
import type { DenseLayer } from '../model/dense-layer';
import { forward } from '../model/forward';
import type { Network } from '../model/network';
import { SparseBatchGatherer } from '../paths/sparse-input/sparse-batch';
import { sparseLayerForward } from '../paths/sparse-input/sparse-layer-forward';
import { type Dataset, identityOrder, inputScaleOf } from './dataset';
import { type BatchSource, gatherBatch } from './gather-batch';
import { inputDensity, SPARSE_INPUT_DENSITY } from './input-density';

/** A first layer's transposed weights (once needed) and sparse batches, kept between evaluations of a network. */
interface SparseFirstLayer {
  weightsT?: Matrix;
  gatherer: SparseBatchGatherer;
}
const sparseFirstLayers = new WeakMap<DenseLayer, SparseFirstLayer>();

/**
 * The forward passes of an evaluation: `data` in order, batch by batch, without dropout. Inputs that are mostly
 * zeros (MNIST's pixels; the rule fit uses) go through the sparse first layer, which skips the zeros; the rest
 * densely through the model's own forward. Either way the outputs are the same up to float rounding.
 */
export class InferenceBatches {
  private readonly source: BatchSource;
  private readonly scratch: Float32Array;
  private readonly sparse: Required<SparseFirstLayer> | undefined;

  /** `transposedFirstLayer`: W1ᵀ as it is now, when the caller holds it (a training path, after syncing). */
  constructor(
    private readonly network: Network,
    data: Dataset,
    count: number,
    transposedFirstLayer?: Matrix,
  ) {
    this.source = { data, scale: inputScaleOf(data), order: identityOrder(count) };
    this.scratch = new Float32Array(network.inputSize);
    this.sparse =
      inputDensity(data, network.inputSize) < SPARSE_INPUT_DENSITY
        ? sparseFirstLayer(network, transposedFirstLayer)
        : undefined;
  }

  /** Gathers samples start … start + size and runs them forward; the buffers hold targets, labels and outputs. */
  forward(start: number, size: number): BatchBuffers {
    const { network, sparse } = this;
    const buffers = network.inferenceBuffersFor(size);
    if (!sparse) {
      gatherBatch(this.source, start, buffers.x, buffers.y, buffers.labels, this.scratch, 0);
      return forward(network, buffers.x, buffers, undefined);
    }
    const batch = sparse.gatherer.gather(this.source, start, buffers.y, buffers.labels, 0);
    sparseLayerForward(network.layers[0]!, sparse.weightsT, batch.bySample, buffers.z[0]!, buffers.a[0]!);
    return forward(network, buffers.x, buffers, undefined, 1);
  }
}

/**
 * The network's gatherer, and W1ᵀ as the weights are now: the caller's, or transposed afresh into a copy kept for
 * the next evaluation (the weights change in between).
 */
function sparseFirstLayer(network: Network, transposed: Matrix | undefined): Required<SparseFirstLayer> {
  const layer = network.layers[0]!;
  const { rows, cols } = layer.weights;
  let kept = sparseFirstLayers.get(layer);
  if (!kept) {
    kept = { gatherer: new SparseBatchGatherer(cols) };
    sparseFirstLayers.set(layer, kept);
  }
  if (transposed) return { gatherer: kept.gatherer, weightsT: transposed };
  // Kernel-owned memory, so the sparse kernel reads W1ᵀ in place.
  kept.weightsT ??= new Matrix(cols, rows, kernels().allocate(cols * rows));
  kernels().transpose(rows, cols, layer.weights.data, kept.weightsT.data);
  return { gatherer: kept.gatherer, weightsT: kept.weightsT };
}
