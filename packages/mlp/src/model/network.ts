import { type Matrix, SeededRandom } from '@nn/linalg';
import { ConfigError } from '../errors';
import type { ActivationName } from './activations/activation';
import { activationByName } from './activations/index';
import { BatchBuffers } from './batch-buffers';
import type { DenseLayer } from './dense-layer';
import { forward } from './forward';
import { type Initializer, initializeWeights } from './initializers';
import { kernelMatrix } from './kernel-matrix';
import { lossByName } from './losses/index';
import type { Loss, LossName } from './losses/loss';
import { formatSummary } from './network-summary';
import { predictRows } from './predict-rows';
import { predictedClass } from './predicted-class';

/** What `new Network(...)` takes: the layer sizes and, optionally, activations, loss, initialiser, seed and dropout. */
export interface NetworkOptions<In extends number = number, Out extends number = number> {
  /**
   * Units per layer, input first: `[784, 128, 64, 10]` (a literal gives `Network<784, 10>`). A `number[]` known
   * only at run time gives `Network<number, number>`, checked when constructed; `withSizes` narrows it.
   */
  layerSizes: readonly [In, ...number[], Out] | readonly number[];
  /** One activation per weight layer (layerSizes.length − 1). Overrides hidden/outputActivation. */
  activations?: readonly ActivationName[];
  /** Default 'relu'. */
  hiddenActivation?: ActivationName;
  /** Default 'softmax'. */
  outputActivation?: ActivationName;
  /** Default 'crossEntropy' after softmax or sigmoid, else 'mse'. */
  loss?: LossName;
  /** Default 'he' when the hidden layers use relu/leakyRelu, else 'glorot'. */
  initializer?: Initializer;
  /** Seed of the initial weights (default 0). */
  seed?: number;
  /** Probability of dropping each hidden unit while training (default 0: no dropout). */
  dropout?: number;
}

/**
 * A multilayer perceptron. The input and output sizes live in the type when they are literals, so
 * `predict` on a 784-input network takes a `Matrix<784, B>` and returns a `Matrix<10, B>`.
 * Samples are columns, as in the seed.
 */
export class Network<const In extends number = number, const Out extends number = number> {
  readonly layerSizes: readonly number[];
  readonly layers: readonly DenseLayer[];
  readonly loss: Loss;
  readonly dropout: number;
  readonly initializer: Initializer;
  readonly seed: number;
  /** Work buffers per batch size, allocated on first use and reused by every later step. */
  private readonly buffers = new Map<number, BatchBuffers>();
  /** The forward-only buffers of evaluations, per batch size. */
  private readonly inferenceBuffers = new Map<number, BatchBuffers>();

  constructor(options: NetworkOptions<In, Out>) {
    const sizes = [...options.layerSizes];
    if (sizes.length < 2) throw new ConfigError(`layerSizes needs at least 2 sizes, got [${sizes.join(', ')}]`);
    sizes.forEach((size, i) => {
      if (!Number.isInteger(size) || size < 1) {
        throw new ConfigError(`layerSizes[${i}] must be a positive integer, got ${size}`);
      }
    });
    const layerCount = sizes.length - 1;
    const names = options.activations ?? [
      ...Array<ActivationName>(layerCount - 1).fill(options.hiddenActivation ?? 'relu'),
      options.outputActivation ?? 'softmax',
    ];
    if (names.length !== layerCount) {
      throw new ConfigError(
        `activations: ${layerCount} weight layers need ${layerCount} activations, got ${names.length}`,
      );
    }
    const activations = names.map(activationByName);
    activations.slice(0, -1).forEach((activation, i) => {
      if (activation.name === 'softmax') {
        throw new ConfigError(`activations[${i}]: softmax is for the output layer only`);
      }
    });
    const output = activations[layerCount - 1]!;
    const lossName = options.loss ?? (output.name === 'softmax' || output.name === 'sigmoid' ? 'crossEntropy' : 'mse');
    this.loss = lossByName(lossName);
    if (this.loss.name === 'crossEntropy' && output.name !== 'softmax' && output.name !== 'sigmoid') {
      throw new ConfigError(`crossEntropy needs a softmax or sigmoid output layer, got ${output.name}`);
    }
    if (output.name === 'softmax' && sizes[layerCount]! < 2) {
      throw new ConfigError('a softmax output layer needs at least 2 units');
    }
    const dropout = options.dropout ?? 0;
    if (!(dropout >= 0 && dropout < 1)) throw new ConfigError(`dropout must be in [0, 1), got ${dropout}`);
    this.dropout = dropout;
    const hidden = activations[0]!.name;
    this.initializer = options.initializer ?? (hidden === 'relu' || hidden === 'leakyRelu' ? 'he' : 'glorot');
    this.seed = options.seed ?? 0;
    this.layerSizes = sizes;
    const rng = new SeededRandom(this.seed);
    this.layers = activations.map((activation, l) => {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const weights = kernelMatrix(fanOut, fanIn);
      initializeWeights(weights.data, fanIn, fanOut, this.initializer, rng);
      return { weights, bias: kernelMatrix(fanOut, 1 as const), activation };
    });
  }

  get inputSize(): In {
    return this.layerSizes[0] as In;
  }

  get outputSize(): Out {
    return this.layerSizes[this.layerSizes.length - 1] as Out;
  }

  get activationNames(): ActivationName[] {
    return this.layers.map((layer) => layer.activation.name);
  }

  /** Output activations for a batch, column per sample (probabilities after softmax). */
  predict<B extends number>(x: Matrix<In, B>): Matrix<Out, B> {
    this.checkInput('predict', x);
    const { a } = forward(this, x);
    return a[this.layers.length - 1]!.clone() as unknown as Matrix<Out, B>;
  }

  /**
   * Outputs for samples laid out one row per sample, as `fit` and `evaluate` take them (`count × inputSize`
   * values; bytes scaled by `inputScale`, default 1/255). Returns `count × outputSize` values, one row per sample.
   */
  predictRows(inputs: Float32Array | Uint8Array, count: number, inputScale?: number): Float32Array {
    const predict = (x: Matrix) => this.predict(x as Matrix<In, number>);
    return predictRows(predict, this.inputSize, this.outputSize, inputs, count, inputScale);
  }

  /**
   * Per column, class probabilities: the softmax output as is; a single output (the probability of class 1)
   * as is; other outputs clamped at 0 and normalised to sum to 1.
   */
  predictProba<B extends number>(x: Matrix<In, B>): Matrix<Out, B> {
    const out = this.predict(x);
    if (out.rows === 1 || this.layers[this.layers.length - 1]!.activation.name === 'softmax') return out;
    const { rows, cols, data } = out;
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += Math.max(0, data[i * cols + j]!);
      for (let i = 0; i < rows; i++) data[i * cols + j] = sum > 0 ? Math.max(0, data[i * cols + j]!) / sum : 1 / rows;
    }
    return out;
  }

  /** The predicted class of each column: argmax, or output ≥ 0.5 for a single-output network. */
  predictClasses<B extends number>(x: Matrix<In, B>): Int32Array {
    const { rows, cols, data } = this.predict(x);
    return Int32Array.from({ length: cols }, (_, j) => predictedClass(data, rows, cols, j));
  }

  /** The same network typed with literal input/output sizes, after checking them (e.g. after `load`). */
  withSizes<I extends number, O extends number>(inputSize: I, outputSize: O): Network<I, O> {
    if ((this.inputSize as number) !== inputSize || (this.outputSize as number) !== outputSize) {
      throw new ConfigError(
        `withSizes: network is ${this.inputSize}→${this.outputSize}, expected ${inputSize}→${outputSize}`,
      );
    }
    return this as unknown as Network<I, O>;
  }

  /**
   * The layers as a table (weight and bias shapes, activation, parameter count, total), printed with `print`
   * (default `console.log`) and returned.
   */
  summary(print: ((text: string) => void) | null = console.log): string {
    const text = formatSummary({
      layerSizes: this.layerSizes,
      activations: this.activationNames,
      loss: this.loss.name,
      dropout: this.dropout,
    });
    print?.(text);
    return text;
  }

  /** Parameters in a fixed order (W then b, layer by layer): the order of gradients and optimiser state. */
  parameters(): Float32Array[] {
    return this.layers.flatMap((layer) => [layer.weights.data, layer.bias.data]);
  }

  /** Names matching `parameters()`: `layers.0.weight`, `layers.0.bias`, … (also the safetensors names). */
  parameterNames(): string[] {
    return this.layers.flatMap((_, l) => [`layers.${l}.weight`, `layers.${l}.bias`]);
  }

  /** @internal The work buffers for batch size `batchSize`, allocated once and kept. */
  buffersFor(batchSize: number): BatchBuffers {
    return this.cachedBuffers(this.buffers, batchSize, true);
  }

  /** @internal Forward-only buffers for batch size `batchSize` (no gradients, no dropout), allocated once and kept. */
  inferenceBuffersFor(batchSize: number): BatchBuffers {
    return this.cachedBuffers(this.inferenceBuffers, batchSize, false);
  }

  private cachedBuffers(cache: Map<number, BatchBuffers>, batchSize: number, training: boolean): BatchBuffers {
    let found = cache.get(batchSize);
    if (!found) {
      // Training uses two sizes (full and last partial batch), an evaluation one or two. A smaller size shares
      // the memory of the largest kept (see BatchBuffers), which it keeps alive after a clear.
      let largest: BatchBuffers | undefined;
      for (const buffers of cache.values()) if (!largest || buffers.batchSize > largest.batchSize) largest = buffers;
      if (cache.size >= 4) cache.clear();
      const within = largest && largest.batchSize >= batchSize ? largest : undefined;
      found = new BatchBuffers(this.layerSizes, batchSize, this.dropout > 0, training, within);
      cache.set(batchSize, found);
    }
    return found;
  }

  private checkInput(op: string, x: Matrix): void {
    if (x.rows !== this.inputSize) {
      throw new ConfigError(
        `${op}: the network takes ${this.inputSize} inputs per column, got a ${x.rows}×${x.cols} matrix`,
      );
    }
  }
}
