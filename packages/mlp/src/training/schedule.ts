import { ConfigError } from '../errors';

/**
 * How the learning rate changes over training, as a factor on the optimiser's base rate, evaluated every step
 * from the global step number alone (so a resumed run follows the same curve).
 * `step`: multiply by `gamma` every `everyEpochs` epochs. `cosine`: from the base rate down to
 * `minLearningRate` (default 0) along half a cosine over all steps of all epochs.
 */
export type ScheduleConfig =
  | { type: 'constant' }
  | { type: 'step'; everyEpochs: number; gamma: number }
  | { type: 'cosine'; minLearningRate?: number };

/** The learning rate of global step `step` (0-based) under `schedule`, from the base rate `base`. */
export function learningRateAt(
  schedule: ScheduleConfig,
  base: number,
  step: number,
  stepsPerEpoch: number,
  totalSteps: number,
): number {
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step': {
      if (!(schedule.everyEpochs >= 1)) throw new ConfigError(`step schedule: everyEpochs must be ≥ 1`);
      return base * schedule.gamma ** Math.floor(step / stepsPerEpoch / schedule.everyEpochs);
    }
    case 'cosine': {
      const min = schedule.minLearningRate ?? 0;
      const progress = Math.min(1, step / Math.max(1, totalSteps));
      return min + 0.5 * (base - min) * (1 + Math.cos(Math.PI * progress));
    }
    default:
      throw new ConfigError(`unknown schedule "${(schedule as { type: string }).type}"`);
  }
}
