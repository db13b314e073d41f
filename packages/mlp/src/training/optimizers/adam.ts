import { kernels } from '@nn/linalg/internal';
import { type Optimizer, type OptimizerState, rangeEnd, rangeStart } from './optimizer';

/**
 * Adam (Kingma & Ba): m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * w −= r · m̂ / (√v̂ + ε) with the bias corrections m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
 */
export function createAdam(
  parameters: Float32Array[],
  options: { learningRate: number; beta1?: number; beta2?: number; epsilon?: number },
  resume?: OptimizerState,
): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const m = momentSlot(parameters, resume?.slots.m);
  const v = momentSlot(parameters, resume?.slots.v);
  let t = resume?.step ?? 0;
  return {
    kind: 'adam',
    learningRate: options.learningRate,
    step(params, grads, range) {
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      // Folding both corrections into the step size: w −= r·√c2/c1 · m / (√v + ε·√c2), algebraically the same.
      const stepSize = (this.learningRate * Math.sqrt(correction2)) / correction1;
      const eps = epsilon * Math.sqrt(correction2);
      const update = kernels();
      let at = 0;
      for (let k = 0; k < params.length; k++) {
        const w = params[k]!;
        const from = rangeStart(range, at);
        const to = rangeEnd(range, at, w.length);
        if (to > from) update.adamUpdate(to - from, w, grads[k]!, m[k]!, v[k]!, beta1, beta2, stepSize, eps, from);
        at += w.length;
      }
    },
    state: () => ({ kind: 'adam', step: t, slots: { m, v } }),
  };
}

/**
 * One moment per parameter, in kernel-owned memory so the WebAssembly Adam kernel updates it in place; a copy of
 * `saved` when resuming. Outside `createAdam`: a closure there that read `resume` would keep it alive with the optimiser.
 */
function momentSlot(parameters: Float32Array[], saved: Float32Array[] | undefined): Float32Array[] {
  const set = kernels();
  return parameters.map((p, k) => {
    const array = set.allocate(p.length);
    if (saved) array.set(saved[k]!);
    return array;
  });
}
