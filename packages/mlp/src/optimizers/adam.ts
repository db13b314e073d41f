import type { Optimizer, OptimizerState } from './optimizer';

/**
 * Adam (Kingma & Ba): m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * w −= r · m̂ / (√v̂ + ε) with the bias corrections m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
 */
export function createAdam(
  parameters: Float32Array[],
  options: { beta1?: number; beta2?: number; epsilon?: number },
  resume?: OptimizerState,
): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const m = resume?.slots.m ?? parameters.map((p) => new Float32Array(p.length));
  const v = resume?.slots.v ?? parameters.map((p) => new Float32Array(p.length));
  let t = resume?.step ?? 0;
  return {
    kind: 'adam',
    step(params, grads, r) {
      t++;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      // Folding both corrections into the step size: w −= r·√c2/c1 · m / (√v + ε·√c2), algebraically the same.
      const stepSize = (r * Math.sqrt(correction2)) / correction1;
      const eps = epsilon * Math.sqrt(correction2);
      for (let k = 0; k < params.length; k++) {
        const w = params[k]!;
        const g = grads[k]!;
        const mk = m[k]!;
        const vk = v[k]!;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i]!;
          const mi = beta1 * mk[i]! + (1 - beta1) * gi;
          const vi = beta2 * vk[i]! + (1 - beta2) * gi * gi;
          mk[i] = mi;
          vk[i] = vi;
          w[i]! -= (stepSize * mi) / (Math.sqrt(vi) + eps);
        }
      }
    },
    state: () => ({ kind: 'adam', step: t, slots: { m, v } }),
  };
}
