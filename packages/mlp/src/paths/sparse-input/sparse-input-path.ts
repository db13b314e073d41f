import { kernels } from '@nn/linalg/internal';
import { backward, createGradients, type Gradients, gradientArrays } from '../../model/backward';
import type { BatchBuffers } from '../../model/batch-buffers';
import { applyDropout, forward } from '../../model/forward';
import type { Network } from '../../model/network';
import type { OptimizerState } from '../../training/optimizers/optimizer';
import { DropoutStream } from '../../training/seeds';
import { gatheredBatch } from '../dense/dense-path';
import { ParameterUpdate } from '../parameter-update';
import type { PathSettings } from '../path-settings';
import { type BatchPath, type StepResult, scoreBatch } from '../step-path';
import { type SparseBatch, SparseBatchGatherer } from './sparse-batch';
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
  private readonly dropout: DropoutStream | undefined;
  private buffers: BatchBuffers | undefined;
  private batch: SparseBatch | undefined;

  constructor(
    private readonly network: Network,
    private readonly settings: PathSettings,
  ) {
    const first = new TransposedWeights(network.layers[0]!);
    this.first = first;
    const networkGradients = createGradients(network);
    // The optimiser sees W1ᵀ and dW1ᵀ where the network has W1 and dW1.
    this.gradients = { dw: [first.gradientT, ...networkGradients.dw.slice(1)], db: networkGradients.db };
    this.gradientList = gradientArrays(this.gradients);
    const parameters = [first.weightsT.data, ...network.parameters().slice(1)];
    const { optimizer, resume, weightDecay, seed, replica } = settings;
    this.update = new ParameterUpdate(parameters, this.gradientList, optimizer, first.importState(resume), weightDecay);
    this.gatherer = new SparseBatchGatherer(network.inputSize);
    this.dropout = network.dropout > 0 ? new DropoutStream(seed, replica) : undefined;
  }

  get optimizer() {
    return this.update.optimizer;
  }

  step(start: number, size: number, epoch: number, result: StepResult): StepResult {
    this.gather(start, size, epoch);
    this.computeGradients(size, epoch, result);
    if (result.finite && !this.update.gradientsFinite()) result.finite = false;
    if (result.finite) this.update.apply();
    return result;
  }

  gather(start: number, size: number, epoch: number): void {
    const buffers = this.network.buffersFor(size);
    const { data, scale, order, augment } = this.settings;
    this.batch = this.gatherer.gather(data, scale, order, start, buffers.y, buffers.labels, augment, epoch);
    this.buffers = buffers;
  }

  // W1ᵀ: [in, out]   z1, a1, dz1: [out, B]   the batch: B sparse columns of x ([in, B])
  computeGradients(size: number, epoch: number, result: StepResult): StepResult {
    const { network, first } = this;
    const buffers = gatheredBatch(this.buffers, size);
    const batch = this.batch!;
    const layer = network.layers[0]!;
    const z1 = buffers.z[0]!;
    const set = kernels();
    const dropout = this.dropout?.forEpoch(epoch);
    const units = z1.rows;
    const inputs = first.weightsT.rows;
    set.sparseGemmTransposeA(units, size, inputs, first.weightsT.data, batch.bySample, z1.data, false); // z1 = W1·x
    z1.addColumnInPlace(layer.bias); //                                                                          + b1
    layer.activation.forward(z1.data, buffers.a[0]!.data, units, size); // a1 = f(z1)
    if (dropout) applyDropout(network, buffers, 0, dropout);
    forward(network, buffers.x, buffers, dropout, 1);
    scoreBatch(network, buffers, result);
    if (!result.finite) return result;
    backward(network, buffers.x, buffers.y, buffers, this.gradients, dropout !== undefined, 1);
    const dz1 = buffers.dz[0]!;
    set.sparseGemmTransposeB(inputs, units, size, batch.byInput, dz1.data, first.gradientT.data, false); // dW1ᵀ = x·dz1ᵀ
    dz1.sumColumnsInto(this.gradients.db[0]!); // db1 = Σ_B dz1
    return result;
  }

  applyGradients(): void {
    this.update.apply();
  }

  syncWeights(): void {
    this.first.writeBack();
  }

  exportState(): OptimizerState {
    return this.first.exportState(this.optimizer.state());
  }

  close(): void {}
}
