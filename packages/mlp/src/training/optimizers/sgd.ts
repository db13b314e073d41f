import { ConfigError } from '../../errors';
import { type Optimizer, type OptimizerState, rangeEnd, rangeStart } from './optimizer';

/**
 * Stochastic gradient descent. Plain: w −= r·g, the seed's `w3 -= dw3 * r`. With momentum μ:
 * v = μ·v + g, then w −= r·v, or w −= r·(g + μ·v) with Nesterov's look-ahead.
 */
export function createSgd(
  parameters: Float32Array[],
  options: { learningRate: number; momentum?: number; nesterov?: boolean },
  resume?: OptimizerState,
): Optimizer {
  const momentum = options.momentum ?? 0;
  const nesterov = options.nesterov ?? false;
  if (!(momentum >= 0 && momentum < 1)) throw new ConfigError(`sgd momentum must be in [0, 1), got ${momentum}`);
  if (nesterov && momentum === 0) throw new ConfigError('sgd: nesterov needs a momentum above 0');
  const velocity = resume?.slots.velocity ?? (momentum > 0 ? parameters.map((p) => new Float32Array(p.length)) : []);
  let stepCount = resume?.step ?? 0;
  return {
    kind: 'sgd',
    learningRate: options.learningRate,
    step(params, grads, range) {
      const r = this.learningRate;
      stepCount++;
      let at = 0;
      for (let k = 0; k < params.length; k++) {
        const w = params[k]!;
        const g = grads[k]!;
        const from = rangeStart(range, at);
        const to = rangeEnd(range, at, w.length);
        at += w.length;
        if (momentum === 0) {
          for (let i = from; i < to; i++) w[i]! -= r * g[i]!;
          continue;
        }
        const v = velocity[k]!;
        for (let i = from; i < to; i++) {
          const vi = momentum * v[i]! + g[i]!;
          v[i] = vi;
          w[i]! -= r * (nesterov ? g[i]! + momentum * vi : vi);
        }
      }
    },
    state: (): OptimizerState => ({ kind: 'sgd', step: stepCount, slots: momentum > 0 ? { velocity } : {} }),
  };
}
