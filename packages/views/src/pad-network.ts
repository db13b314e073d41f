import { Matrix } from '@nn/linalg';
import { ACTIVATION_NAMES, type ActivationName, forward, Network } from '@nn/mlp';
import type { PadModel } from './view-data';

/** What the network makes of one image: class probabilities and every hidden layer's activations. */
export interface PadPrediction {
  probabilities: Float32Array;
  /** One array per hidden layer, in layer order (the output layer is `probabilities`). */
  hidden: Float32Array[];
}

const isActivationName = (name: string): name is ActivationName =>
  (ACTIVATION_NAMES as readonly string[]).includes(name);

/**
 * The run's network rebuilt in the page from a `PadModel`, so a drawn digit is classified without a round trip
 * to the host. It is @nn/mlp's own `Network` and `forward` (the same math as training), with the sent weights
 * copied over the initial ones.
 */
export class PadNetwork {
  private readonly network: Network;
  private readonly input: Matrix;

  constructor(private current: PadModel) {
    const model = current;
    const { layers, activations } = model;
    if (layers.length === 0) throw new Error('pad model: no layers');
    const names = activations.map((name) => {
      if (!isActivationName(name)) throw new Error(`pad model: unknown activation ${JSON.stringify(name)}`);
      return name;
    });
    const layerSizes = [layers[0]!.cols, ...layers.map((layer) => layer.rows)];
    this.network = new Network({ layerSizes, activations: names });
    this.copyWeights(model);
    this.input = Matrix.zeros(layerSizes[0]!, 1);
  }

  get model(): PadModel {
    return this.current;
  }

  /**
   * Takes newer weights of the same network in place: building a `Network` initialises every weight first, tens
   * of milliseconds for a big one, too long to do every few seconds while the user draws. False when `model` has
   * another shape or activations (a new `PadNetwork` is needed).
   */
  load(model: PadModel): boolean {
    const sameShape =
      model.layers.length === this.network.layers.length &&
      model.layers.every((layer, l) => layer.rows === this.network.layerSizes[l + 1]) &&
      model.activations.join() === this.current.activations.join();
    if (!sameShape) return false;
    this.copyWeights(model);
    this.current = model;
    return true;
  }

  private copyWeights(model: PadModel): void {
    this.network.layers.forEach((layer, l) => {
      const sent = model.layers[l]!;
      if (
        sent.cols !== this.network.layerSizes[l] ||
        sent.weights.length !== sent.rows * sent.cols ||
        sent.bias.length !== sent.rows
      ) {
        throw new Error(`pad model: layer ${l} does not fit the layer before it`);
      }
      layer.weights.data.set(sent.weights);
      layer.bias.data.set(sent.bias);
    });
  }

  get inputSize(): number {
    return this.input.rows;
  }

  /** Classifies one image of bytes (0–255, MNIST layout), scaled as in training. */
  predict(pixels: Uint8Array): PadPrediction {
    if (pixels.length !== this.inputSize) {
      throw new Error(`pad model takes ${this.inputSize} inputs; the image has ${pixels.length}`);
    }
    for (let i = 0; i < pixels.length; i++) this.input.data[i] = pixels[i]! * this.current.inputScale;
    const { a } = forward(this.network, this.input);
    const outputs = a.map((activation) => Float32Array.from(activation.data));
    const out = outputs.pop() ?? new Float32Array(0);
    return { probabilities: toProbabilities(out, this.current.activations.at(-1)), hidden: outputs };
  }
}

/** Softmax outputs are probabilities already; other outputs (a sigmoid's) are clamped at 0 and normalised, as `predictProba` does. */
function toProbabilities(out: Float32Array, activation: string | undefined): Float32Array {
  if (activation === 'softmax') return out;
  let sum = 0;
  for (const value of out) sum += Math.max(0, value);
  return out.map((value) => (sum > 0 ? Math.max(0, value) / sum : 1 / out.length));
}
