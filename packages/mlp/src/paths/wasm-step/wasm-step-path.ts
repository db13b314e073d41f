import { Matrix } from '@nn/linalg';
import { kernels, PLAN, type StepKernels, stepKernelsOf } from '@nn/linalg/internal';
import { ConfigError } from '../../errors';
import type { Network } from '../../model/network';
import { touchSamples } from '../../training/gather-batch';
import { createOptimizer } from '../../training/optimizers/index';
import type { OptimizerState, ParameterRange } from '../../training/optimizers/optimizer';
import type { PathSettings } from '../path-settings';
import { type SparseBatch, SparseBatchGatherer } from '../sparse-input/sparse-batch';
import type { BatchPath, StepResult } from '../step-path';
import { optimizerCode, StepOptimizer } from './step-optimizer';
import { StepPlan } from './step-plan';
import { wasmStepUnsupported } from './wasm-step-rule';

/** A batch size's targets in kernel memory: y (outputs × size) and the labels. */
interface Targets {
  y: Matrix;
  labels: Int32Array;
}

/**
 * The whole step in WebAssembly: the batch's non-zero inputs are gathered in TypeScript (as the sparse-input path
 * does), then one call lists them per input too and computes the forward pass, loss, correct count and backward
 * pass (stepGradients), and one more applies weight decay and the optimiser (stepUpdate), over weights, gradients
 * and optimiser state that live in kernel memory in the path's own layout (W1 as W1ᵀ). Figures come back through
 * memory, never as returned numbers. The network's weights are current after `syncWeights`. Scope:
 * wasm-step-rule.ts.
 */
export class WasmStepPath implements BatchPath {
  readonly name = 'wasm-step';
  readonly gradientList: Float32Array[];
  readonly parameterList: Float32Array[];
  readonly optimizer: StepOptimizer;
  readonly transposedLayers: readonly Matrix[];
  /** The parameters `applyGradients` updates: all, or a data-parallel thread's share. */
  private range: ParameterRange | undefined;
  private readonly stepKernels: StepKernels;
  private readonly plan: StepPlan;
  private readonly gatherer: SparseBatchGatherer;
  private readonly targets = new Map<number, Targets>();
  /** The gathered batch whose addresses the plan holds. */
  private placed: SparseBatch | undefined;
  /** Network-layout copies of the optimiser's first-layer slots, reused by every export. */
  private readonly exported = new Map<string, Float32Array>();

  constructor(
    private readonly network: Network,
    private readonly settings: PathSettings,
  ) {
    const unsupported = wasmStepUnsupported(network, settings.data);
    if (unsupported) throw new ConfigError(`wasm-step path: ${unsupported}`);
    this.stepKernels = stepKernelsOf(kernels())!;
    const { optimizer, resume, weightDecay } = settings;
    // Checks the learning rate and that a resumed state fits the network, with the optimisers' own messages.
    createOptimizer(network.parameters(), optimizer, resume);
    const codes = network.layers.map((layer) => PLAN.activations.indexOf(layer.activation.name as 'relu'));
    const { code, slots } = optimizerCode(optimizer);
    this.plan = new StepPlan(this.stepKernels, network, codes, network.loss.name === 'mse', code, slots);
    this.gradientList = this.plan.layers.flatMap((layer) => [layer.dw, layer.db]);
    this.parameterList = this.plan.layers.flatMap((layer) => [layer.w, layer.b]);
    this.loadWeights();
    const first = this.plan.layers[0]!;
    this.transposedLayers = [new Matrix(first.inputs, first.units, first.w)];
    this.optimizer = new StepOptimizer(this.stepKernels, this.plan, optimizer, weightDecay, resume);
    this.gatherer = new SparseBatchGatherer(network.inputSize, false);
  }

  step(start: number, size: number, epoch: number, result: StepResult): StepResult {
    this.gather(start, size, epoch);
    this.warm(start + size, size);
    this.gradients(size, result, 1);
    if (result.finite && !Number.isFinite(this.plan.results[1]!)) result.finite = false;
    if (result.finite) this.optimizer.step();
    return result;
  }

  warm(start: number, size: number): void {
    touchSamples(this.settings, this.network.inputSize, start, size);
  }

  gather(start: number, size: number, epoch: number): void {
    const plan = this.plan.plan;
    const header = PLAN.header;
    this.plan.reserve(size);
    const targets = this.targetsFor(size);
    const batch = this.gatherer.gather(this.settings, start, targets.y, targets.labels, epoch);
    // The gatherer keeps one batch per size, so the addresses change only with the size.
    if (batch === this.placed) return;
    this.placed = batch;
    plan[header.sampleOffsets] = batch.bySample.offsets.byteOffset;
    plan[header.sampleIndices] = batch.bySample.indices.byteOffset;
    plan[header.sampleValues] = batch.bySample.values.byteOffset;
    plan[header.inputOffsets] = batch.byInput.offsets.byteOffset;
    plan[header.inputIndices] = batch.byInput.indices.byteOffset;
    plan[header.inputValues] = batch.byInput.values.byteOffset;
    plan[header.y] = targets.y.data.byteOffset;
    plan[header.labels] = targets.labels.byteOffset;
  }

  /** A data-parallel thread's gradients: their finiteness is checked once summed with the other threads'. */
  computeGradients(size: number, _epoch: number, result: StepResult): StepResult {
    return this.gradients(size, result, 0);
  }

  applyGradients(): void {
    this.optimizer.step(undefined, undefined, this.range);
  }

  updateOnly(range: ParameterRange): void {
    this.range = range;
  }

  syncWeights(): void {
    const set = kernels();
    this.network.layers.forEach((layer, l) => {
      const own = this.plan.layers[l]!;
      if (l === 0) set.transpose(own.inputs, own.units, own.w, layer.weights.data);
      else layer.weights.data.set(own.w);
      layer.bias.data.set(own.b);
    });
  }

  exportState(): OptimizerState {
    const state = this.optimizer.state();
    const first = this.plan.layers[0]!;
    const slots: Record<string, Float32Array[]> = {};
    for (const [name, arrays] of Object.entries(state.slots)) {
      let copy = this.exported.get(name);
      if (!copy) {
        copy = new Float32Array(first.units * first.inputs);
        this.exported.set(name, copy);
      }
      kernels().transpose(first.inputs, first.units, arrays[0]!, copy);
      slots[name] = [copy, ...arrays.slice(1)];
    }
    return { ...state, slots };
  }

  /** stepGradients, and its figures into `result`; `checked` 1 also checks the gradients (plan.results[1]). */
  private gradients(size: number, result: StepResult, checked: 0 | 1): StepResult {
    const { plan } = this;
    this.stepKernels.exports.stepGradients(plan.address, size, checked);
    result.loss = plan.results[0]!;
    result.correct = plan.counts[0]!;
    result.finite = Number.isFinite(result.loss);
    return result;
  }

  /** The output layer's activations of the last forward pass (outputs × size): for tests against the model. */
  outputs(size: number): Float32Array {
    return this.plan.outputs(size);
  }

  close(): void {}

  /** The network's weights into the plan (W1 transposed). */
  private loadWeights(): void {
    this.network.layers.forEach((layer, l) => {
      const own = this.plan.layers[l]!;
      if (l === 0) kernels().transpose(own.units, own.inputs, layer.weights.data, own.w);
      else own.w.set(layer.weights.data);
      own.b.set(layer.bias.data);
    });
  }

  private targetsFor(size: number): Targets {
    let targets = this.targets.get(size);
    if (!targets) {
      const set = kernels();
      const y = new Matrix(this.network.outputSize, size, set.allocate(this.network.outputSize * size));
      const labels = set.allocateInts(size);
      if (!this.stepKernels.contains(y.data) || !this.stepKernels.contains(labels)) {
        throw new RangeError('wasm-step: WebAssembly memory could not grow for the batch targets');
      }
      targets = { y, labels };
      this.targets.set(size, targets);
    }
    return targets;
  }
}
