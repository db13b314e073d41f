import { ConfigError } from '../../errors';
import { crossEntropy } from './cross-entropy';
import type { Loss, LossName } from './loss';
import { meanSquaredError } from './mean-squared-error';

const LOSSES: Record<LossName, Loss> = { mse: meanSquaredError, crossEntropy };

/** Every `LossName`, for validating and listing choices. */
export const LOSS_NAMES = Object.keys(LOSSES) as LossName[];

/** The loss called `name`; throws ConfigError naming the known ones otherwise. */
export function lossByName(name: string): Loss {
  // Own properties only: a model file's "toString" must not reach Object.prototype.
  const found = Object.hasOwn(LOSSES, name) ? LOSSES[name as LossName] : undefined;
  if (!found) throw new ConfigError(`unknown loss "${name}"; expected one of ${LOSS_NAMES.join(', ')}`);
  return found;
}
