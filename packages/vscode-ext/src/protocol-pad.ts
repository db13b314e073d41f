import type { PadModel } from '@nn/views/view-data';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** The digit pad's network as the page receives it: every layer whole, weights and bias sized as declared. */
export function isPadModel(value: unknown): value is PadModel {
  return (
    isObject(value) &&
    isCount(value.epoch) &&
    isCount(value.batch) &&
    typeof value.inputScale === 'number' &&
    Number.isFinite(value.inputScale) &&
    Array.isArray(value.activations) &&
    value.activations.every((name) => typeof name === 'string') &&
    Array.isArray(value.layers) &&
    value.layers.length === value.activations.length &&
    value.layers.every(
      (layer) =>
        isObject(layer) &&
        isCount(layer.rows) &&
        isCount(layer.cols) &&
        layer.weights instanceof Float32Array &&
        layer.weights.length === layer.rows * layer.cols &&
        layer.bias instanceof Float32Array &&
        layer.bias.length === layer.rows,
    )
  );
}

/**
 * A picture the user picked ("NN: Predict Image…"), read and preprocessed by the host with @nn/mnist's `fromPng`
 * (the path of `nn predict`): the pad shows these 28×28 bytes and classifies them like a drawing.
 */
export interface PadPictureMessage {
  type: 'padPicture';
  /** The file's name, for the caption (not its path). */
  name: string;
  pixels: Uint8Array;
}

export function isPadPictureMessage(value: Record<string, unknown>): boolean {
  return (
    value.type === 'padPicture' &&
    typeof value.name === 'string' &&
    value.pixels instanceof Uint8Array &&
    value.pixels.length === 28 * 28
  );
}
