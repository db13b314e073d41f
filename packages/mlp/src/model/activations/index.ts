import { ConfigError } from '../../errors';
import type { Activation, ActivationName } from './activation';
import { identity } from './identity';
import { leakyRelu } from './leaky-relu';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { softmax } from './softmax';
import { tanh } from './tanh';

const ACTIVATIONS: Record<ActivationName, Activation> = { sigmoid, relu, leakyRelu, tanh, softmax, identity };

/** Every `ActivationName`, for validating and listing choices. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/** The activation called `name`; throws ConfigError naming the known ones otherwise. */
export function activationByName(name: string): Activation {
  // Own properties only: a model file's "constructor" or "toString" must not reach Object.prototype.
  const found = Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name as ActivationName] : undefined;
  if (!found) throw new ConfigError(`unknown activation "${name}"; expected one of ${ACTIVATION_NAMES.join(', ')}`);
  return found;
}
