import { kernels } from '@nn/linalg/internal';
import { createOptimizer } from '../training/optimizers/index';
import {
  type Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  type ParameterRange,
  rangeEnd,
  rangeStart,
} from '../training/optimizers/optimizer';

/**
 * The update of a batched step: L2 decay (dW += λ·W, biases left alone), then the optimiser's step, over
 * parameters and gradients in parameter order (W then b, layer by layer) and in the path's layout.
 */
export class ParameterUpdate {
  readonly optimizer: Optimizer;
  /** The parameters `apply` updates: all, or a data-parallel thread's share. */
  range: ParameterRange | undefined;

  constructor(
    /** The parameters in parameter order and the path's layout. */
    readonly parameters: Float32Array[],
    readonly gradientList: Float32Array[],
    config: OptimizerConfig,
    resume: OptimizerState | undefined,
    private readonly weightDecay: number,
  ) {
    this.optimizer = createOptimizer(parameters, config, resume);
  }

  /** True when every gradient is finite (a NaN or ∞ anywhere makes the sum of checks NaN). */
  gradientsFinite(): boolean {
    let check = 0;
    const set = kernels();
    for (const values of this.gradientList) check += set.finiteCheck(values.length, values);
    return Number.isFinite(check);
  }

  apply(): void {
    const { gradientList, parameters, weightDecay, range } = this;
    if (weightDecay > 0) {
      // Weights sit at even positions; through these arrays, a layer kept in another layout decays alike.
      let at = 0;
      for (let k = 0; k < parameters.length; k++) {
        const w = parameters[k]!;
        if (k % 2 === 0)
          addScaled(gradientList[k]!, w, weightDecay, rangeStart(range, at), rangeEnd(range, at, w.length));
        at += w.length;
      }
    }
    this.optimizer.step(parameters, gradientList, range);
  }
}

/** dw += λ·w over [from, to) */
function addScaled(dw: Float32Array, w: Float32Array, lambda: number, from: number, to: number): void {
  for (let i = from; i < to; i++) dw[i]! += lambda * w[i]!;
}
