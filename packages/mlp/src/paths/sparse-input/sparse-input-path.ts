import type { Matrix } from '@nn/linalg';
import { kernels } from '@nn/linalg/internal';
import { backward, type Gradients, gradientArrays, hiddenDelta } from '../../model/backward';
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
import { ActivationLines, sparseInputLayers } from './sparse-hidden-inputs';
import { sparseLayerForward } from './sparse-layer-forward';
import { TransposedWeights } from './transposed-weights';

/**
 * The dense path with a first layer that skips zero inputs (≈80% of an MNIST image's pixels): for each sample,
 * z1 = b1 + Σ over its non-zero inputs p of x[p]·W1ᵀ[p, :], and dW1ᵀ adds rows of dz1ᵀ over the same non-zeros.
 * Wide layers right above it whose inputs come out of relu go the same way over their non-zero inputs
 * (sparse-hidden-inputs.ts), and da_in = Wᵀ·dz is computed only where the input was non-zero (relu's zeros take
 * no gradient). The layers above run the model's own forward
 * and backward. The sparse layers' W is trained as Wᵀ (transposed-weights.ts): the network's W is current after
 * `syncWeights`.
 */
export class SparseInputPath implements BatchPath {
  readonly name = 'sparse-input';
  readonly gradientList: Float32Array[];
  private readonly gradients: Gradients;
  /** Wᵀ of the bottom layers that skip zero inputs: the first layer, then any sparse hidden inputs above it. */
  private readonly transposed: TransposedWeights[];
  readonly transposedLayers: readonly Matrix[];
  /** Per layer above the first among them, its input activations' non-zeros (index l − 1 for layer l). */
  private readonly hiddenLines: ActivationLines[];
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
    const { layers } = network;
    const transposed = layers
      .slice(0, sparseInputLayers(layers))
      .map((layer, l) => new TransposedWeights(layer, 2 * l, settings.adoptWeights));
    this.transposed = transposed;
    this.transposedLayers = transposed.map(({ weightsT }) => weightsT);
    this.hiddenLines = transposed.slice(1).map((_, l) => new ActivationLines(layers[l]!.weights.rows));
    // The optimiser sees Wᵀ and dWᵀ where the network has W and dW (never allocated: it would go unused).
    const above = layers.slice(transposed.length).map(({ weights }) => kernelMatrix(weights.rows, weights.cols));
    const db = layers.map(({ bias }) => kernelMatrix(bias.rows, 1 as const));
    this.gradients = { dw: [...transposed.map(({ gradientT }) => gradientT), ...above], db };
    this.gradientList = gradientArrays(this.gradients);
    const parameters = network
      .parameters()
      .map((array, i) => (i % 2 === 0 && transposed[i / 2]?.weightsT.data) || array);
    const { optimizer, resume, weightDecay, seed } = settings;
    const state = transposed.reduce((state, layer) => layer.importState(state), resume);
    this.update = new ParameterUpdate(parameters, this.gradientList, optimizer, state, weightDecay);
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
    const sparseLayers = this.transposed.length;
    const training = dropout !== undefined;
    for (let l = 0; l < sparseLayers; l++) this.sparseForward(l, buffers, dropout);
    forward(network, buffers.x, buffers, dropout, sparseLayers);
    scoreBatch(network, buffers, result, this.regression);
    if (!result.finite) return result;
    backward(network, buffers.x, buffers.y, buffers, this.gradients, training, sparseLayers);
    for (let l = sparseLayers - 1; l >= 0; l--) this.sparseBackward(l, buffers, training);
    return result;
  }

  /** Layer l's forward over its non-zero inputs: the batch's pixels, or the non-zeros of the activations below. */
  private sparseForward(l: number, buffers: BatchBuffers, dropout: DropoutDraws | undefined): void {
    const { network } = this;
    const inputs = l === 0 ? this.batch! : this.hiddenLines[l - 1]!.fill(buffers.layerOutput(l - 1, !!dropout));
    sparseLayerForward(network.layers[l]!, this.transposed[l]!.weightsT, inputs.bySample, buffers.z[l]!, buffers.a[l]!);
    if (dropout) applyDropout(network, buffers, l, dropout);
  }

  // dz: [out, B]   dWᵀ: [in, out]   db: [out, 1]   da_in: [in, B]
  /** Layer l's gradients from its dz, over the same non-zero inputs; then dz of the layer below, if any. */
  private sparseBackward(l: number, buffers: BatchBuffers, training: boolean): void {
    const { weightsT, gradientT } = this.transposed[l]!;
    const dz = buffers.dz[l]!;
    const inputs = l === 0 ? this.batch! : this.hiddenLines[l - 1]!.lines;
    // dWᵀ = a_in·dzᵀ, over each input's non-zero samples
    kernels().sparseGemmTransposeB(weightsT.rows, dz.rows, dz.cols, inputs.byInput, dz.data, gradientT.data, false);
    dz.sumColumnsInto(this.gradients.db[l]!); // db = Σ_B dz
    if (l === 0) return; // the input x needs no gradient
    // da_in = Wᵀ·dz where a_in is non-zero; elsewhere 0, which relu's f'(z) = 0 (or dropout's mask) makes of it anyway
    kernels().sampledGemm(
      weightsT.rows,
      dz.cols,
      dz.rows,
      weightsT.data,
      dz.data,
      inputs.byInput,
      buffers.da[l - 1]!.data,
    );
    hiddenDelta(this.network, buffers, l - 1, training);
  }

  applyGradients(): void {
    this.update.apply();
  }

  updateOnly(range: ParameterRange): void {
    this.update.range = range;
  }

  syncWeights(): void {
    for (const layer of this.transposed) layer.writeBack();
  }

  exportState(): OptimizerState {
    return this.transposed.reduce((state, layer) => layer.exportState(state), this.optimizer.state());
  }

  close(): void {}
}
