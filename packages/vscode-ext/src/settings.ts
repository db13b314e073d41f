/**
 * Reads the `nn.*` settings. A recipe (@nn/train's `seed`, `default` or `accuracy`) gives every
 * hyper-parameter; a setting left at null keeps the recipe's value. A wrong value is reported with the
 * setting's full name (e.g. `nn.learningRate`) so the user can find it, instead of failing inside training.
 */

export const RECIPES = ['seed', 'default', 'accuracy'] as const;
export const DATASETS = ['digits', 'fashion'] as const;
export const ACTIVATIONS = ['sigmoid', 'relu', 'tanh'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

/** The fields of @nn/train's `TrainConfig` that settings may set; undefined = the recipe's value. */
export interface ConfigOverrides {
  recipe: (typeof RECIPES)[number];
  dataset: (typeof DATASETS)[number];
  hiddenLayers?: number[];
  activation?: (typeof ACTIVATIONS)[number];
  optimizer?: (typeof OPTIMIZERS)[number];
  learningRate?: number;
  batchSize?: number;
  epochs?: number;
  seed?: number;
  limit?: number;
  threads?: number;
}

export interface RunSettings {
  overrides: ConfigOverrides;
  /** Empty when the user did not choose one (the data bundled with the extension is used). */
  dataFolder: string;
  /** Empty when the user did not choose one (.nn/runs in the workspace, or global storage). */
  runsFolder: string;
}

export interface SettingProblem {
  setting: string;
  message: string;
}

export type SettingsResult = { ok: true; settings: RunSettings } | { ok: false; problems: SettingProblem[] };

/** `get('learningRate')` returns the value of `nn.learningRate` (as `WorkspaceConfiguration.get` does). */
export type SettingReader = (key: string) => unknown;

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;
const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

export function readSettings(get: SettingReader): SettingsResult {
  const problems: SettingProblem[] = [];
  const problem = (key: string, message: string): undefined => {
    problems.push({ setting: `nn.${key}`, message: `${message}, got ${show(get(key))}` });
    return undefined;
  };
  /** Null, empty or absent means "not set": the recipe decides. */
  const unset = (key: string): boolean => get(key) === undefined || get(key) === null || get(key) === '';

  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    if (unset(key)) return undefined;
    const value = get(key);
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    return problem(key, `must be one of ${allowed.join(', ')}`);
  };
  const positiveInteger = (key: string): number | undefined => {
    if (unset(key)) return undefined;
    const value = get(key);
    return isPositiveInteger(value) ? value : problem(key, 'must be a whole number of at least 1');
  };
  const folder = (key: string): string => {
    if (unset(key)) return '';
    const value = get(key);
    return typeof value === 'string' ? value.trim() : (problem(key, 'must be a folder path') ?? '');
  };

  const overrides: ConfigOverrides = {
    recipe: oneOf('recipe', RECIPES) ?? 'default',
    dataset: oneOf('dataset', DATASETS) ?? 'digits',
  };
  const activation = oneOf('activation', ACTIVATIONS);
  if (activation) overrides.activation = activation;
  const optimizer = oneOf('optimizer', OPTIMIZERS);
  if (optimizer) overrides.optimizer = optimizer;
  for (const key of ['batchSize', 'epochs', 'limit', 'threads'] as const) {
    const value = positiveInteger(key);
    if (value !== undefined) overrides[key] = value;
  }
  if (!unset('hiddenLayers')) {
    // A string ("128, 64") is editable in the Settings UI; an array is what older settings.json files hold.
    const value = get('hiddenLayers');
    const hidden =
      typeof value === 'string' ? value.split(',').map((size) => Number(size.trim() || Number.NaN)) : value;
    if (Array.isArray(hidden) && hidden.length > 0 && hidden.every(isPositiveInteger))
      overrides.hiddenLayers = [...hidden];
    else problem('hiddenLayers', 'must be layer sizes separated by commas, such as 128, 64');
  }
  if (!unset('learningRate')) {
    const rate = get('learningRate');
    if (typeof rate === 'number' && Number.isFinite(rate) && rate > 0) overrides.learningRate = rate;
    else problem('learningRate', 'must be a number above 0');
  }
  if (!unset('seed')) {
    const seed = get('seed');
    if (Number.isInteger(seed)) overrides.seed = seed as number;
    else problem('seed', 'must be a whole number');
  }
  const dataFolder = folder('dataFolder');
  const runsFolder = folder('runsFolder');

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: { overrides, dataFolder, runsFolder } };
}

export function describeProblems(problems: readonly SettingProblem[]): string {
  return problems.map((p) => `${p.setting} ${p.message}`).join('; ');
}
