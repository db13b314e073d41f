import { kernels, PLAN, type StepKernels } from '@nn/linalg/internal';
import type {
  Optimizer,
  OptimizerConfig,
  OptimizerKind,
  OptimizerState,
  ParameterRange,
} from '../../training/optimizers/optimizer';
import type { StepPlan } from './step-plan';

/** The plan's optimiser code for `config` (PLAN.optimizers), and how many state slots per parameter it keeps. */
export function optimizerCode(config: OptimizerConfig): { code: number; slots: number } {
  if (config.type === 'adam') return { code: PLAN.optimizers.indexOf('adam'), slots: 2 };
  if ((config.momentum ?? 0) === 0) return { code: PLAN.optimizers.indexOf('sgd'), slots: 0 };
  return { code: PLAN.optimizers.indexOf(config.nesterov ? 'nesterov' : 'momentum'), slots: 1 };
}

/** A `to` past every parameter: the largest i32, as stepUpdate reads it. */
const ALL = 0x7fffffff;

/**
 * SGD or Adam over the plan's parameters, run by the kernel module's stepUpdate: `step` writes this step's
 * hyperparameters (Adam's bias corrections folded into its step size and ε, as training/optimizers/adam.ts does)
 * into memory and makes the one call. It updates the plan's own arrays; `step`'s parameters and gradients are ignored, its range is not.
 * `state()` is in the path's layout (layer 0's slots transposed); the path's `exportState` turns it back.
 */
export class StepOptimizer implements Optimizer {
  readonly kind: OptimizerKind;
  private t: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(
    private readonly kernelsOf: StepKernels,
    private readonly plan: StepPlan,
    config: OptimizerConfig,
    weightDecay: number,
    resume: OptimizerState | undefined,
  ) {
    this.kind = config.type;
    plan.hyper[4] = config.learningRate;
    this.t = resume?.step ?? 0;
    this.beta1 = config.type === 'adam' ? (config.beta1 ?? 0.9) : 0;
    this.beta2 = config.type === 'adam' ? (config.beta2 ?? 0.999) : 0;
    this.epsilon = config.type === 'adam' ? (config.epsilon ?? 1e-8) : 0;
    const { hyper } = plan;
    hyper[0] = this.beta1;
    hyper[1] = this.beta2;
    hyper[5] = weightDecay;
    hyper[6] = config.type === 'sgd' ? (config.momentum ?? 0) : 0;
    if (resume) this.importSlots(resume);
  }

  /**
   * The rate lives in the memory stepUpdate reads: a typed-array store never allocates, where storing a new double
   * into this object's field allocated a number on every step (measured with bench/src/allocation-fit.mjs).
   */
  get learningRate(): number {
    return this.plan.hyper[4]!;
  }

  set learningRate(rate: number) {
    this.plan.hyper[4] = rate;
  }

  /** Updates every parameter, or only those in `range` (a data-parallel thread's share). */
  step(_parameters?: Float32Array[], _gradients?: Float32Array[], range?: ParameterRange): void {
    this.t++;
    const { hyper } = this.plan;
    if (this.kind === 'adam') {
      const correction1 = 1 - this.beta1 ** this.t;
      const correction2 = 1 - this.beta2 ** this.t;
      hyper[2] = (this.learningRate * Math.sqrt(correction2)) / correction1;
      hyper[3] = this.epsilon * Math.sqrt(correction2);
    }
    this.kernelsOf.exports.stepUpdate(this.plan.address, range ? range.from : 0, range ? range.to : ALL);
  }

  /** The live slots in the path's layout, in parameter order (W then b, layer by layer). */
  state(): OptimizerState {
    const slot = (k: number) => this.plan.layers.flatMap((layer) => [layer.slots[2 * k]!, layer.slots[2 * k + 1]!]);
    const slots: Record<string, Float32Array[]> =
      this.kind === 'adam' ? { m: slot(0), v: slot(1) } : this.plan.hyper[6]! > 0 ? { velocity: slot(0) } : {};
    return { kind: this.kind, step: this.t, slots };
  }

  /** Copies a resumed state (network layout, checked by the caller) into the plan's slots. */
  private importSlots(resume: OptimizerState): void {
    const live = this.state().slots;
    for (const [name, arrays] of Object.entries(live)) {
      const saved = resume.slots[name];
      if (!saved) continue;
      const first = this.plan.layers[0]!;
      // Layer 0's W slot: network layout [out, in] to the path's [in, out].
      kernels().transpose(first.units, first.inputs, saved[0]!, arrays[0]!);
      for (let k = 1; k < arrays.length; k++) arrays[k]!.set(saved[k]!);
    }
  }
}
