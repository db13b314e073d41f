import type { TrainConfig } from '@nn/train';
import type { PadModel } from '@nn/views/view-data';
import type { LayerWeights } from '@nn/views/weight-sample';

/** Training scales pixel bytes to [0, 1] (@nn/train's MNIST_INPUT_SCALE); the pad must feed the network the same. */
const INPUT_SCALE = 1 / 255;

/**
 * The activations of the network a run trains, one per weight layer, as @nn/train builds it: the configured
 * hidden activation, then softmax (or the seed's sigmoid under an MSE loss). A run recorded without its
 * configuration gets the defaults.
 */
export function runActivations(config: Pick<TrainConfig, 'activation' | 'loss'> | undefined, layers: number): string[] {
  const hidden = config?.activation ?? 'relu';
  const output = config?.loss === 'mse' ? 'sigmoid' : 'softmax';
  return [...Array<string>(Math.max(0, layers - 1)).fill(hidden), output];
}

/** The full network for the digit pad, or undefined when a layer came without its bias (it cannot classify). */
export function padModel(
  layers: readonly LayerWeights[],
  position: { epoch: number; batch: number },
  config: Pick<TrainConfig, 'activation' | 'loss'> | undefined,
): PadModel | undefined {
  const full = layers.map(({ rows, cols, weights, bias }) => (bias ? { rows, cols, weights, bias } : undefined));
  if (full.length === 0 || full.some((layer) => layer === undefined)) return undefined;
  return {
    ...position,
    activations: runActivations(config, layers.length),
    inputScale: INPUT_SCALE,
    layers: full as PadModel['layers'],
  };
}
