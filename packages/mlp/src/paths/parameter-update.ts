import { kernels } from '@nn/linalg/internal';
import { createOptimizer } from '../training/optimizers/index';
import type { Optimizer, OptimizerConfig, OptimizerState } from '../training/optimizers/optimizer';

/**
 * The update of a batched step: L2 decay (dW += λ·W, biases left alone), then the optimiser's step, over
 * parameters and gradients in parameter order (W then b, layer by layer) and in the path's layout.
 */
export class ParameterUpdate {
  readonly optimizer: Optimizer;

  constructor(
    private readonly parameters: Float32Array[],
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
    const { gradientList, parameters, weightDecay } = this;
    if (weightDecay > 0) {
      // Weights sit at even positions; through these arrays, a layer kept in another layout decays alike.
      for (let k = 0; k < parameters.length; k += 2) addScaled(gradientList[k]!, parameters[k]!, weightDecay);
    }
    this.optimizer.step(parameters, gradientList);
  }
}

/** dw += λ·w */
function addScaled(dw: Float32Array, w: Float32Array, lambda: number): void {
  for (let i = 0; i < dw.length; i++) dw[i]! += lambda * w[i]!;
}
