import type { TrainConfig } from '../config/train-config';

/**
 * Fields a resumed run may change: where runs and data live, and how many epochs to train in all. Everything else
 * shapes the weights (the network, the data set, the optimiser, the shuffles, the thread count's rounding).
 */
const MAY_CHANGE_ON_RESUME: ReadonlySet<string> = new Set(['outDir', 'dataDir', 'epochs']);

/**
 * The first field where two (validated, so normalised) training configurations differ, as
 * `hiddenLayers[1]: 128 in the checkpoint, 256 in config.json`; undefined when they agree.
 */
export function firstConfigDifference(saved: TrainConfig, current: TrainConfig): string | undefined {
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(current)])].sort();
  for (const key of keys) {
    if (MAY_CHANGE_ON_RESUME.has(key)) continue;
    const found = difference(
      key,
      (saved as unknown as Record<string, unknown>)[key],
      (current as unknown as Record<string, unknown>)[key],
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

function difference(path: string, saved: unknown, current: unknown): string | undefined {
  if (isObject(saved) && isObject(current)) {
    const keys = [...new Set([...Object.keys(saved), ...Object.keys(current)])].sort();
    for (const key of keys) {
      const found = difference(Array.isArray(saved) ? `${path}[${key}]` : `${path}.${key}`, saved[key], current[key]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (saved === current) return undefined;
  return `${path}: ${show(saved)} in the checkpoint, ${show(current)} in config.json`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}
