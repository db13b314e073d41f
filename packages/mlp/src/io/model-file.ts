import { ModelFormatError } from '../errors';
import type { ActivationName } from '../model/activations/activation';
import type { Initializer } from '../model/initializers';
import type { LossName } from '../model/losses/loss';
import { Network } from '../model/network';
import type { OptimizerKind, OptimizerState } from '../training/optimizers/optimizer';
import { decodeSafetensors, encodeSafetensors, encodeSafetensorsParts, type Tensor } from './safetensors';

/**
 * What `save` may add beside the weights. In the file: tensors `layers.<l>.weight` [out, in] and
 * `layers.<l>.bias` [out] (as PyTorch's nn.Linear); optimiser state as `optimizer.<slot>.<parameter>`
 * (`optimizer.m.layers.0.weight`, `optimizer.v.…` for Adam, `optimizer.velocity.…` for SGD with momentum);
 * `__metadata__` keys `format`, `layerSizes`, `activations`, `loss`, `dropout`, `initializer`, `seed`,
 * `inputScale`, and when given `epoch`, `optimizer`, `optimizerStep`, `trainingConfig` (JSON).
 */
export interface SaveOptions {
  epoch?: number;
  optimizerState?: OptimizerState;
  /** How raw inputs were scaled for training (1/255 for MNIST bytes), so a reader can do the same. */
  inputScale?: number;
  /** Serialised with JSON.stringify. */
  trainingConfig?: unknown;
  /** Extra strings, kept as they are. */
  metadata?: Record<string, string>;
}

/** What `loadCheckpoint` reads back from a model file: the network and what `save` was given beside it. */
export interface Checkpoint {
  network: Network;
  epoch?: number;
  /** Its arrays may be views of the bytes given to `loadCheckpoint` (no copy): keep those bytes unchanged. */
  optimizerState?: OptimizerState;
  inputScale?: number;
  /** The JSON text given as `trainingConfig` to `save`. */
  trainingConfig?: string;
  metadata: Record<string, string>;
}

const FORMAT = 'nn-mlp/1';

/** The network's weights as `.safetensors` bytes (with the epoch, optimiser state, input scale and config of `options`). */
export function save(network: Network, options: SaveOptions = {}): Uint8Array {
  return encodeSafetensors(...fileContents(network, options));
}

/**
 * The same bytes as `save`, as parts to write one after another (a header, then one part per tensor), without
 * building the whole file in memory. On little-endian platforms (all common ones) the tensor parts are views of the
 * network's weights and of `options.optimizerState`'s arrays, not copies: write them before training changes those.
 */
export function saveParts(network: Network, options: SaveOptions = {}): Uint8Array[] {
  return encodeSafetensorsParts(...fileContents(network, options));
}

/** The tensors (the live arrays, not copies) and metadata of the file `save` and `saveParts` write. */
function fileContents(network: Network, options: SaveOptions): [[string, Tensor][], Record<string, string>] {
  const names = network.parameterNames();
  const tensors: [string, Tensor][] = network.layers.flatMap((layer, l) => [
    [names[2 * l]!, { shape: [layer.weights.rows, layer.weights.cols], data: layer.weights.data }],
    [names[2 * l + 1]!, { shape: [layer.bias.rows], data: layer.bias.data }],
  ]);
  const metadata: Record<string, string> = {
    ...options.metadata,
    format: FORMAT,
    layerSizes: JSON.stringify(network.layerSizes),
    activations: JSON.stringify(network.activationNames),
    loss: network.loss.name,
    dropout: String(network.dropout),
    initializer: network.initializer,
    seed: String(network.seed),
  };
  if (options.inputScale !== undefined) metadata.inputScale = String(options.inputScale);
  if (options.epoch !== undefined) metadata.epoch = String(options.epoch);
  if (options.trainingConfig !== undefined) metadata.trainingConfig = JSON.stringify(options.trainingConfig);
  const state = options.optimizerState;
  if (state) {
    metadata.optimizer = state.kind;
    metadata.optimizerStep = String(state.step);
    for (const [slot, arrays] of Object.entries(state.slots)) {
      arrays.forEach((data, k) => {
        const shape = tensors[k]![1].shape;
        tensors.push([`optimizer.${slot}.${names[k]}`, { shape, data }]);
      });
    }
  }
  return [tensors, metadata];
}

/** The network in a safetensors file written by `save` (optimiser state, if any, is ignored). */
export function load(bytes: Uint8Array): Network {
  return loadCheckpoint(bytes).network;
}

/** The network plus whatever else `save` stored: epoch, optimiser state, training config. */
export function loadCheckpoint(bytes: Uint8Array): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== FORMAT) {
    throw new ModelFormatError(`__metadata__.format is ${JSON.stringify(metadata.format)}; expected "${FORMAT}"`);
  }
  const layerSizes = parseLayerSizes(metadata);
  const activations = parseJson<ActivationName[]>(metadata, 'activations');
  // The header's sizes are only trusted once tensors of those shapes are present: the file's own bytes then bound
  // what building the network allocates.
  const names = layerSizes.slice(1).flatMap((_, l) => [`layers.${l}.weight`, `layers.${l}.bias`]);
  const shapes = layerSizes.slice(1).flatMap((out, l) => [[out, layerSizes[l]!], [out]]);
  const declared = `layerSizes declares [${layerSizes.join(', ')}]`;
  const weights = names.map((name, k) => takeTensor(tensors, name, shapes[k]!, declared));
  for (const [name, tensor] of tensors) requireFinite(name, tensor.data);
  let network: Network;
  try {
    network = new Network({
      layerSizes: layerSizes as [number, ...number[], number],
      activations,
      loss: metadata.loss as LossName,
      dropout: Number(metadata.dropout ?? 0),
      initializer: (metadata.initializer ?? 'glorot') as Initializer,
      seed: Number(metadata.seed ?? 0),
    });
  } catch (error) {
    throw new ModelFormatError(`__metadata__ describes an invalid network: ${(error as Error).message}`);
  }
  network.parameters().forEach((parameter, k) => {
    parameter.set(weights[k]!);
  });
  const checkpoint: Checkpoint = { network, metadata };
  if (metadata.epoch !== undefined) checkpoint.epoch = parseCount(metadata, 'epoch');
  if (metadata.inputScale !== undefined) checkpoint.inputScale = parseInputScale(metadata.inputScale);
  if (metadata.trainingConfig !== undefined) checkpoint.trainingConfig = metadata.trainingConfig;
  if (metadata.optimizer !== undefined) {
    const kind = metadata.optimizer;
    if (kind !== 'adam' && kind !== 'sgd')
      throw new ModelFormatError(`__metadata__.optimizer is "${kind}"; expected adam or sgd`);
    const slots: Record<string, Float32Array[]> = {};
    for (const name of tensors.keys()) {
      const slot = /^optimizer\.([A-Za-z0-9]+)\./.exec(name)?.[1];
      if (slot && !Object.hasOwn(slots, slot)) {
        slots[slot] = names.map((p, k) => takeTensor(tensors, `optimizer.${slot}.${p}`, shapes[k]!, declared));
      }
    }
    checkpoint.optimizerState = { kind: kind as OptimizerKind, step: parseCount(metadata, 'optimizerStep'), slots };
  }
  return checkpoint;
}

function takeTensor(tensors: Map<string, Tensor>, name: string, shape: number[], declared: string): Float32Array {
  const tensor = tensors.get(name);
  if (!tensor) throw new ModelFormatError(`tensor "${name}" is missing; ${declared}`);
  // A bias may also be stored as a column, [out, 1].
  if (!sameShape(tensor.shape, shape) && !sameShape(tensor.shape, [...shape, 1])) {
    throw new ModelFormatError(
      `tensor "${name}" has shape [${tensor.shape.join(', ')}]; the architecture needs [${shape.join(', ')}]`,
    );
  }
  return tensor.data;
}

/** A NaN or infinity in a weight would only show later, as a NaN loss or a prediction of no digit. */
function requireFinite(name: string, data: Float32Array): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) throw new ModelFormatError(`tensor "${name}" holds ${data[i]} at index ${i}`);
  }
}

function parseLayerSizes(metadata: Record<string, string>): number[] {
  const sizes = parseJson<unknown>(metadata, 'layerSizes');
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new ModelFormatError(
      `__metadata__.layerSizes is ${metadata.layerSizes!.slice(0, 80)}; expected at least 2 positive integers`,
    );
  }
  return sizes;
}

function parseInputScale(text: string): number {
  const scale = text.trim() === '' ? Number.NaN : Number(text);
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new ModelFormatError(`__metadata__.inputScale is ${JSON.stringify(text)}; expected a positive number`);
  }
  return scale;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function parseJson<T>(metadata: Record<string, string>, key: string): T {
  const text = metadata[key];
  if (text === undefined) throw new ModelFormatError(`__metadata__.${key} is missing`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ModelFormatError(`__metadata__.${key} is not valid JSON: ${text.slice(0, 80)}`);
  }
}

function parseCount(metadata: Record<string, string>, key: string): number {
  const value = Number(metadata[key]);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ModelFormatError(`__metadata__.${key} is ${JSON.stringify(metadata[key])}; expected a whole number`);
  }
  return value;
}
