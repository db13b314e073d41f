/**
 * Names earlier versions of @nn/train used before it took @nn/mlp's: they are still in the config.json of old run
 * folders, in scripts' CLI flags and in editor settings, so they are read and rewritten to today's names.
 */
export const LEGACY_LOSSES = { 'cross-entropy': 'crossEntropy' } as const;

/** `momentum` was its own optimiser: SGD with momentum 0.9. */
export const LEGACY_OPTIMIZERS = { momentum: { optimizer: 'sgd', momentum: 0.9 } } as const;

export type LegacyLossName = keyof typeof LEGACY_LOSSES;
export type LegacyOptimizerName = keyof typeof LEGACY_OPTIMIZERS;

/**
 * A copy of a config-like object with old spellings of `loss` and `optimizer` replaced by today's; everything else,
 * including values that are simply wrong, is left for validation to report.
 */
export function withCurrentSpellings<T extends object>(value: T): T {
  const c: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (typeof c.loss === 'string' && Object.hasOwn(LEGACY_LOSSES, c.loss)) {
    c.loss = LEGACY_LOSSES[c.loss as LegacyLossName];
  }
  if (typeof c.optimizer === 'string' && Object.hasOwn(LEGACY_OPTIMIZERS, c.optimizer)) {
    const current = LEGACY_OPTIMIZERS[c.optimizer as LegacyOptimizerName];
    c.optimizer = current.optimizer;
    c.momentum ??= current.momentum;
  }
  return c as T;
}
