import { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import type { BatchBuffers } from '../model/batch-buffers';
import type { DenseLayer } from '../model/dense-layer';
import { forward } from '../model/forward';
import type { Network } from '../model/network';
import { SparseBatchGatherer } from '../paths/sparse-input/sparse-batch';
import { ActivationLines, sparseInputLayers } from '../paths/sparse-input/sparse-hidden-inputs';
import { sparseLayerForward } from '../paths/sparse-input/sparse-layer-forward';
import { type Dataset, identityOrder, inputScaleOf } from './dataset';
import { type BatchSource, gatherBatch } from './gather-batch';
import { inputDensity, SPARSE_INPUT_DENSITY } from './input-density';

/**
 * The bottom layers' transposed weights (copies, once needed) and their inputs' non-zeros, kept between
 * evaluations of a network: the first layer's pixels, and relu outputs below wide layers (sparse-hidden-inputs.ts).
 */
interface SparseLayers {
  weightsT: Matrix[];
  gatherer: SparseBatchGatherer;
  /** For layer l ≥ 1 among them, at l − 1. */
  hiddenLines: ActivationLines[];
}
const sparseLayersOf = new WeakMap<DenseLayer, SparseLayers>();

/**
 * The forward passes of an evaluation: `data` in order, batch by batch, without dropout. Inputs that are mostly
 * zeros (MNIST's pixels; the rule fit uses) go through the sparse first layer, which skips the zeros, and so do
 * the relu outputs below wide layers above it, as in training; the rest densely through the model's own forward.
 * Either way the outputs are the same up to float rounding.
 */
export class InferenceBatches {
  private readonly source: BatchSource;
  private readonly scratch: Float32Array;
  private readonly sparse: SparseLayers | undefined;

  /** `transposedLayers`: the bottom layers' Wᵀ as they are now, when the caller holds them (a path, after syncing). */
  constructor(
    private readonly network: Network,
    data: Dataset,
    count: number,
    transposedLayers: readonly Matrix[] = [],
  ) {
    this.source = { data, scale: inputScaleOf(data), order: identityOrder(count) };
    this.scratch = new Float32Array(network.inputSize);
    this.sparse =
      inputDensity(data, network.inputSize) < SPARSE_INPUT_DENSITY
        ? sparseLayers(network, transposedLayers)
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
    const { layers } = network;
    const { weightsT, hiddenLines } = sparse;
    const batch = sparse.gatherer.gather(this.source, start, buffers.y, buffers.labels, 0);
    sparseLayerForward(layers[0]!, weightsT[0]!, batch.bySample, buffers.z[0]!, buffers.a[0]!);
    for (let l = 1; l < weightsT.length; l++) {
      const inputs = hiddenLines[l - 1]!.fillBySample(buffers.a[l - 1]!);
      sparseLayerForward(layers[l]!, weightsT[l]!, inputs, buffers.z[l]!, buffers.a[l]!);
    }
    return forward(network, buffers.x, buffers, undefined, weightsT.length);
  }
}

/**
 * The network's gatherer and lines, and the bottom layers' Wᵀ as the weights are now: the caller's, or transposed
 * afresh into copies kept for the next evaluation (the weights change in between).
 */
function sparseLayers(network: Network, transposed: readonly Matrix[]): SparseLayers {
  const { layers } = network;
  const count = sparseInputLayers(layers);
  let kept = sparseLayersOf.get(layers[0]!);
  if (!kept) {
    const hiddenLines = layers.slice(1, count).map(({ weights }) => new ActivationLines(weights.cols));
    // Without the per-input lines a forward pass does not read (their memory stays untouched).
    kept = { weightsT: [], gatherer: new SparseBatchGatherer(network.inputSize, false), hiddenLines };
    sparseLayersOf.set(layers[0]!, kept);
  }
  const weightsT = layers.slice(0, count).map(({ weights: { rows, cols, data } }, l) => {
    const given = transposed[l];
    if (given) return given;
    // Kernel-owned memory, so the sparse kernels read Wᵀ in place.
    kept.weightsT[l] ??= new Matrix(cols, rows, kernels().allocate(cols * rows));
    const copy = kept.weightsT[l];
    kernels().transpose(rows, cols, data, copy.data);
    return copy;
  });
  return { ...kept, weightsT };
}
