import { backward, createGradients, type Gradients, gradientArrays } from '../../model/backward';
import type { BatchBuffers } from '../../model/batch-buffers';
import { forward } from '../../model/forward';
import type { Network } from '../../model/network';
import { isRegression } from '../../training/dataset';
import { gatherBatch, touchSamples } from '../../training/gather-batch';
import type { OptimizerState, ParameterRange } from '../../training/optimizers/optimizer';
import { SampleDropout } from '../../training/seeds';
import { ParameterUpdate } from '../parameter-update';
import type { PathSettings } from '../path-settings';
import { type BatchPath, type StepResult, scoreBatch } from '../step-path';

/**
 * The model's own forward and backward (model/) on a gathered mini-batch, then the optimiser's update: the
 * reference path, and the one for dense inputs. It trains the network's weights in place.
 */
export class DensePath implements BatchPath {
  readonly name = 'dense';
  readonly gradientList: Float32Array[];
  readonly transposedLayers = [];
  private readonly gradients: Gradients;
  private readonly update: ParameterUpdate;
  private readonly dropout: SampleDropout | undefined;
  /** Real-valued targets: batches are scored by absolute error, not correct classes. */
  private readonly regression: boolean;
  private readonly scratch: Float32Array;
  private buffers: BatchBuffers | undefined;
  /** Where the gathered batch starts in the epoch's order (its samples pick their dropout masks). */
  private start = 0;

  constructor(
    private readonly network: Network,
    private readonly settings: PathSettings,
  ) {
    this.gradients = createGradients(network);
    this.gradientList = gradientArrays(this.gradients);
    const { optimizer, resume, weightDecay, seed } = settings;
    this.update = new ParameterUpdate(network.parameters(), this.gradientList, optimizer, resume, weightDecay);
    this.dropout = network.dropout > 0 ? new SampleDropout(seed) : undefined;
    this.regression = isRegression(settings.data);
    this.scratch = new Float32Array(network.inputSize);
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
    gatherBatch(this.settings, start, buffers.x, buffers.y, buffers.labels, this.scratch, epoch);
    this.buffers = buffers;
    this.start = start;
  }

  computeGradients(size: number, epoch: number, result: StepResult): StepResult {
    const { network } = this;
    const buffers = gatheredBatch(this.buffers, size);
    const dropout = this.dropout?.batch(epoch, this.settings.order, this.start);
    forward(network, buffers.x, buffers, dropout);
    scoreBatch(network, buffers, result, this.regression);
    if (result.finite) backward(network, buffers.x, buffers.y, buffers, this.gradients, dropout !== undefined);
    return result;
  }

  applyGradients(): void {
    this.update.apply();
  }

  updateOnly(range: ParameterRange): void {
    this.update.range = range;
  }

  /** Nothing to do: this path trains the network's own weights. */
  syncWeights(): void {}

  exportState(): OptimizerState {
    return this.optimizer.state();
  }

  close(): void {}
}

/** The buffers of the last gather, checked to hold `size` samples. */
export function gatheredBatch(buffers: BatchBuffers | undefined, size: number): BatchBuffers {
  if (buffers?.batchSize !== size) {
    throw new Error(`a training step on ${size} samples, but the gathered batch has ${buffers?.batchSize ?? 0}`);
  }
  return buffers;
}
