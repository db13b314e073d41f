import type { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import { backward, type Gradients, gradientArrays } from '../../model/backward';
import type { BatchBuffers } from '../../model/batch-buffers';
import { applyDropout, type DropoutDraws } from '../../model/dropout';
import { forward } from '../../model/forward';
import { kernelMatrix } from '../../model/kernel-matrix';
import type { Network } from '../../model/network';
import { isRegression } from '../../training/dataset';
import { touchSamples } from '../../training/gather-batch';
import type { OptimizerState, ParameterRange } from '../../training/optimizers/optimizer';
import { SampleDropout } from '../../training/seeds';
import { gatheredBatch } from '../dense/dense-path';
import { ParameterUpdate } from '../parameter-update';
import type { PathSettings } from '../path-settings';
import { type BatchPath, type StepResult, scoreBatch } from '../step-path';
import { type SparseBatch, SparseBatchGatherer } from './sparse-batch';
import { sparseFirstLayerForward } from './sparse-first-layer';
import { TransposedWeights } from './transposed-weights';

/**
 * The dense path with a first layer that skips zero inputs (≈80% of an MNIST image's pixels): for each sample,
 * z1 = b1 + Σ over its non-zero inputs p of x[p]·W1ᵀ[p, :], and dW1ᵀ adds rows of dz1ᵀ over the same non-zeros.
 * Layers 2… run the model's own forward and backward. W1 is trained as W1ᵀ (transposed-weights.ts): the
 * network's W1 is current after `syncWeights`.
 */
export class SparseInputPath implements BatchPath {
  readonly name = 'sparse-input';
  readonly gradientList: Float32Array[];
  private readonly gradients: Gradients;
  private readonly first: TransposedWeights;
  private readonly update: ParameterUpdate;
  private readonly gatherer: SparseBatchGatherer;
  private readonly dropout: SampleDropout | undefined;
  /** Real-valued targets: batches are scored by absolute error, not correct classes. */
  private readonly regression: boolean;
  private buffers: BatchBuffers | undefined;
  private batch: SparseBatch | undefined;
  /** Where the gathered batch starts in the epoch's order (its samples pick their dropout masks). */
  private start = 0;

  constructor(
    private readonly network: Network,
    private readonly settings: PathSettings,
  ) {
    const first = new TransposedWeights(network.layers[0]!);
    this.first = first;
    // The optimiser sees W1ᵀ and dW1ᵀ where the network has W1 and dW1 (never allocated: it would go unused).
    const above = network.layers.slice(1).map(({ weights }) => kernelMatrix(weights.rows, weights.cols));
    const db = network.layers.map(({ bias }) => kernelMatrix(bias.rows, 1 as const));
    this.gradients = { dw: [first.gradientT, ...above], db };
    this.gradientList = gradientArrays(this.gradients);
    const parameters = [first.weightsT.data, ...network.parameters().slice(1)];
    const { optimizer, resume, weightDecay, seed } = settings;
    this.update = new ParameterUpdate(parameters, this.gradientList, optimizer, first.importState(resume), weightDecay);
    this.gatherer = new SparseBatchGatherer(network.inputSize);
    this.dropout = network.dropout > 0 ? new SampleDropout(seed) : undefined;
    this.regression = isRegression(settings.data);
  }

  get optimizer() {
    return this.update.optimizer;
  }

  get parameterList(): Float32Array[] {
    return this.update.parameters;
  }

  get transposedFirstLayer(): Matrix {
    return this.first.weightsT;
  }

  step(start: number, size: number, epoch: number, result: StepResult): StepResult {
    this.gather(start, size, epoch);
    this.warm(start + size, size);
    this.computeGradients(size, epoch, result);
    if (result.finite && !this.update.gradientsFinite()) result.finite = false;
    if (result.finite) this.update.apply();
    return result;
  }

  warm(start: number, size: number): void {
    touchSamples(this.settings, this.network.inputSize, start, size);
  }

  gather(start: number, size: number, epoch: number): void {
    const buffers = this.network.buffersFor(size);
    this.batch = this.gatherer.gather(this.settings, start, buffers.y, buffers.labels, epoch);
    this.buffers = buffers;
    this.start = start;
  }

  computeGradients(size: number, epoch: number, result: StepResult): StepResult {
    const { network } = this;
    const buffers = gatheredBatch(this.buffers, size);
    const dropout = this.dropout?.batch(epoch, this.settings.order, this.start);
    this.forwardFirstLayer(buffers, dropout);
    forward(network, buffers.x, buffers, dropout, 1);
    scoreBatch(network, buffers, result, this.regression);
    if (!result.finite) return result;
    backward(network, buffers.x, buffers.y, buffers, this.gradients, dropout !== undefined, 1);
    this.firstLayerGradients(buffers);
    return result;
  }

  private forwardFirstLayer(buffers: BatchBuffers, dropout: DropoutDraws | undefined): void {
    const { network, first } = this;
    sparseFirstLayerForward(network.layers[0]!, first.weightsT, this.batch!, buffers.z[0]!, buffers.a[0]!);
    if (dropout) applyDropout(network, buffers, 0, dropout);
  }

  // dz1: [out, B]   dW1ᵀ: [in, out]   db1: [out, 1]
  private firstLayerGradients(buffers: BatchBuffers): void {
    const { first } = this;
    const dz1 = buffers.dz[0]!;
    const inputs = first.weightsT.rows;
    // dW1ᵀ = x·dz1ᵀ, over each input's non-zero samples
    kernels().sparseGemmTransposeB(
      inputs,
      dz1.rows,
      dz1.cols,
      this.batch!.byInput,
      dz1.data,
      first.gradientT.data,
      false,
    );
    dz1.sumColumnsInto(this.gradients.db[0]!); // db1 = Σ_B dz1
  }

  applyGradients(): void {
    this.update.apply();
  }

  updateOnly(range: ParameterRange): void {
    this.update.range = range;
  }

  syncWeights(): void {
    this.first.writeBack();
  }

  exportState(): OptimizerState {
    return this.first.exportState(this.optimizer.state());
  }

  close(): void {}
}
