import { recipes } from './recipes';
import type { RecipeName, TrainConfig } from './train-config';
import { validateConfig } from './validate-config';

/** Fields a caller may set on top of a recipe. */
export type TrainConfigOverrides = Partial<TrainConfig>;

/**
 * A complete, validated config: the recipe's settings (default recipe `default`), then the caller's overrides.
 * Undefined overrides are ignored, so CLI flags that were not given can be passed through as they are.
 */
export function makeTrainConfig(overrides: TrainConfigOverrides = {}): TrainConfig {
  const recipeName: RecipeName = overrides.recipe ?? 'default';
  const recipe = recipes[recipeName];
  if (recipe === undefined) return validateConfig({ ...overrides, recipe: recipeName });
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return validateConfig({
    dataset: 'digits',
    outDir: 'runs',
    ...structuredClone(recipe),
    ...defined,
    recipe: recipeName,
  });
}
