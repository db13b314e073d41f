import { availableParallelism } from 'node:os';
import type { LegacyLossName, LegacyOptimizerName } from './legacy-spellings';
import { recipes } from './recipes';
import type { RecipeName, TrainConfig } from './train-config';
import { validateConfig } from './validate-config';

/** Fields a caller may set on top of a recipe; `loss` and `optimizer` also in their older spellings. */
export type TrainConfigOverrides = Partial<Omit<TrainConfig, 'loss' | 'optimizer'>> & {
  loss?: TrainConfig['loss'] | LegacyLossName;
  optimizer?: TrainConfig['optimizer'] | LegacyOptimizerName;
};

/**
 * A complete, validated config: the recipe's settings (default recipe `default`), then the caller's overrides.
 * Undefined overrides are ignored, so CLI flags that were not given can be passed through as they are.
 */
export function makeTrainConfig(overrides: TrainConfigOverrides = {}): TrainConfig {
  const recipeName: RecipeName = overrides.recipe ?? 'default';
  const recipe = recipes[recipeName];
  if (recipe === undefined) return validateConfig({ ...overrides, recipe: recipeName });
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const config = {
    dataset: 'digits',
    outDir: 'runs',
    ...structuredClone(recipe),
    ...defined,
    recipe: recipeName,
  } as TrainConfig;
  config.threads ??= defaultThreads(config);
  return validateConfig(config);
}

/**
 * Two threads where the machine has two cores or more (docs/benchmarks.md measures both), except for per-sample
 * SGD, whose batch of one cannot be split.
 */
function defaultThreads(config: Pick<TrainConfig, 'batchSize'>): number {
  if (config.batchSize < 2) return 1;
  return Math.min(2, availableParallelism());
}
