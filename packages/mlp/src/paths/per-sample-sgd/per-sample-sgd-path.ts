import { kernels, type SparseLines } from '@nn/linalg/internal';
import type { BatchBuffers } from '../../model/batch-buffers';
import type { Network } from '../../model/network';
import { predictedClass } from '../../model/predicted-class';
import { isRegression } from '../../training/dataset';
import { gatherBatch } from '../../training/gather-batch';
import { createOptimizer } from '../../training/optimizers/index';
import type { Optimizer, OptimizerState } from '../../training/optimizers/optimizer';
import type { PathSettings } from '../path-settings';
import type { StepPath, StepResult } from '../step-path';
import { LayerVectorProducts } from './layer-vector-products';

/** The largest finite float32: an update r·dz·aᵀ overflows to ∞ past it. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Per-sample SGD on the seed's own terms (batch size 1), as lean as the batched path.
 *
 * The general path runs the batched machinery at B = 1: it forms every dW and then updates all parameters.
 * Here, for one sample x with non-zero pixels P (≈19% of an MNIST image):
 *   z1 = b1 + Σ_{p∈P} x[p]·W1ᵀ[p, :]        (W1 kept transposed, input-major: row p is 128 contiguous floats)
 *   W1ᵀ[p, :] −= r·x[p]·dz1  for p ∈ P      (dW1 = dz1·xᵀ is zero in every other column: exact, never formed)
 * and the layers above are dense mat-vecs and rank-1 updates, W −= r·dz·aᵀ, b −= r·dz.
 *
 * While training, the working weights live here (in the kernels' memory, so the sparse kernels read them in
 * place); `syncWeights` copies them into the network's own layout.
 */
export class PerSampleSgdPath implements StepPath {
  readonly name = 'per-sample-sgd';
  readonly optimizer: Optimizer;
  private readonly network: Network;
  private readonly settings: PathSettings;
  private readonly scratch: Float32Array;
  /** Real-valued targets: a sample is scored by its absolute error, not by its class. */
  private readonly regression: boolean;
  private readonly sizes: readonly number[];
  /** Working weights: [0] is W1ᵀ (in × out), the others W (out × in) as in the network. */
  private readonly weights: Float32Array[];
  private readonly biases: Float32Array[];
  private readonly z: Float32Array[];
  private readonly a: Float32Array[];
  private readonly da: Float32Array[];
  private readonly dz: Float32Array[];
  /** The products of layers 2, 3, … ([l − 1] for layer l; layer 1's input is sparse). */
  private readonly products: LayerVectorProducts[];
  /** The sample's non-zero pixels as one sparse column … */
  private readonly column: SparseLines & { offsets: Int32Array; indices: Int32Array; values: Float32Array };
  /** … and as sparse rows, one per pixel from the first non-zero one on, holding −r·x[p] (the layer-1 update). */
  private readonly rows: SparseLines & { offsets: Int32Array; indices: Int32Array; values: Float32Array };

  constructor(network: Network, settings: PathSettings) {
    this.network = network;
    this.settings = settings;
    // Plain SGD: its state is its step count; the path applies each update itself (see `step`).
    this.optimizer = createOptimizer(network.parameters(), settings.optimizer, settings.resume);
    this.scratch = new Float32Array(network.inputSize);
    this.regression = isRegression(settings.data);
    this.sizes = network.layerSizes;
    const set = kernels();
    const allocate = (n: number) => set.allocate(n);
    const units = this.sizes.slice(1);
    this.weights = network.layers.map((layer) => allocate(layer.weights.data.length));
    this.biases = network.layers.map((layer) => allocate(layer.bias.data.length));
    this.z = units.map(allocate);
    this.a = units.map(allocate);
    this.da = units.map(allocate);
    this.dz = units.map(allocate);
    this.products = network.layers
      .slice(1)
      .map((layer) => new LayerVectorProducts(layer.weights.rows, layer.weights.cols));
    const inputs = this.sizes[0]!;
    this.column = {
      offsets: new Int32Array(2),
      indices: new Int32Array(inputs),
      values: new Float32Array(inputs),
    };
    // Every entry sits in column 0 of dz1 (units × 1), so the indices stay zero.
    this.rows = {
      offsets: new Int32Array(inputs + 1),
      indices: new Int32Array(inputs),
      values: new Float32Array(inputs),
    };
    this.readFromNetwork();
  }

  /** Copies the network's weights in (W1 transposed): at the start, and if the network was changed meanwhile. */
  private readFromNetwork(): void {
    const { layers } = this.network;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      if (l === 0) kernels().transpose(layer.weights.rows, layer.weights.cols, layer.weights.data, this.weights[0]!);
      else this.weights[l]!.set(layer.weights.data);
      this.biases[l]!.set(layer.bias.data);
    }
  }

  /** One sample (size is always 1 on this path): gathered as a dense column, then `stepOnSample`. */
  step(start: number, size: number, epoch: number, result: StepResult): StepResult {
    const buffers = this.network.buffersFor(size);
    gatherBatch(this.settings, start, buffers.x, buffers.y, buffers.labels, this.scratch, epoch);
    return this.stepOnSample(buffers, result);
  }

  exportState(): OptimizerState {
    return this.optimizer.state();
  }

  close(): void {}

  /** Copies the working weights into the network's layout (W1 transposed back). */
  syncWeights(): void {
    const { layers } = this.network;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      if (l === 0) kernels().transpose(layer.weights.cols, layer.weights.rows, this.weights[0]!, layer.weights.data);
      else layer.weights.data.set(this.weights[l]!);
      layer.bias.data.set(this.biases[l]!);
    }
  }

  /**
   * One SGD step, at the optimiser's learning rate, on the single sample gathered into `buffers` (x and y are
   * one column). As the batched paths: no update unless loss and gradients are finite; then `result.finite` is
   * false and the network holds the weights from before this step.
   */
  private stepOnSample(buffers: BatchBuffers, result: StepResult): StepResult {
    const { network, sizes, weights, biases, z, a, da, dz } = this;
    const last = sizes.length - 2;
    const output = network.layers[last]!.activation;
    const x = buffers.x.data;
    const y = buffers.y.data;
    const inputMax = this.gatherNonZero(x);
    this.forward();
    const outputs = a[last]!;
    const loss = network.loss.value(outputs, y, sizes[last + 1]!, 1, output);
    result.loss = loss;
    if (this.regression) {
      result.correct = 0;
      result.absoluteError = absoluteError(outputs, y);
    } else {
      result.correct = predictedClass(outputs, outputs.length, 1, 0) === buffers.labels[0] ? 1 : 0;
    }
    result.finite = false;
    if (!Number.isFinite(loss)) return this.rejectStep(result);
    network.loss.outputDelta(z[last]!, outputs, y, da[last]!, dz[last]!, sizes[last + 1]!, 1, output);
    // da[l−1] = W[l]ᵀ·dz[l], as rows of W scaled by dz: contiguous reads, before any weight changes.
    for (let l = last; l >= 1; l--) {
      this.products[l - 1]!.multiplyTransposed(weights[l]!, dz[l]!, da[l - 1]!);
      network.layers[l - 1]!.activation.backward(z[l - 1]!, a[l - 1]!, da[l - 1]!, dz[l - 1]!, sizes[l]!, 1);
    }
    // The update r·dW[l] = r·dz[l]·inputᵀ is finite exactly when no product of the three overflows or meets a NaN.
    const { learningRate } = this.optimizer;
    for (let l = 0; l <= last; l++) {
      const largest = learningRate * maxAbs(dz[l]!) * (l === 0 ? inputMax : maxAbs(a[l - 1]!));
      if (!(largest <= FLOAT32_MAX)) return this.rejectStep(result);
    }
    for (let l = last; l >= 1; l--) {
      this.products[l - 1]!.descend(weights[l]!, biases[l]!, dz[l]!, a[l - 1]!, learningRate);
    }
    this.updateFirstLayer(learningRate);
    // The optimiser does no work here, but counts the step so its state matches the general path's.
    this.optimizer.step([], []);
    result.finite = true;
    return result;
  }

  /** Lists x's non-zero entries in `column`; returns max |x| (for the finiteness check). */
  private gatherNonZero(x: Float32Array): number {
    const { indices, values } = this.column;
    let count = 0;
    let largest = 0;
    for (let p = 0; p < x.length; p++) {
      const v = x[p]!;
      if (v !== 0) {
        indices[count] = p;
        values[count] = v;
        count++;
        // Math.max keeps a NaN, so the step is then rejected.
        largest = Math.max(largest, Math.abs(v));
      }
    }
    this.column.offsets[1] = count;
    return largest;
  }

  /** z[l] = W[l]·a[l−1] + b[l]; a[l] = f(z[l]); layer 1 from the sparse input and W1ᵀ. */
  private forward(): void {
    const { network, sizes, weights, biases, z, a } = this;
    const set = kernels();
    for (let l = 0; l < weights.length; l++) {
      const out = sizes[l + 1]!;
      const zl = z[l]!;
      zl.set(biases[l]!);
      if (l === 0) set.sparseGemmTransposeA(out, 1, sizes[0]!, weights[0]!, this.column, zl, true);
      else this.products[l - 1]!.multiplyAdd(weights[l]!, a[l - 1]!, zl);
      network.layers[l]!.activation.forward(zl, a[l]!, out, 1);
    }
  }

  /** W1ᵀ[p, :] −= r·x[p]·dz1 for the non-zero pixels p only; b1 −= r·dz1. */
  private updateFirstLayer(learningRate: number): void {
    const { column, rows, sizes } = this;
    const units = sizes[1]!;
    const count = column.offsets[1]!;
    const dz = this.dz[0]!;
    if (count > 0) {
      // Rows first … last of W1ᵀ, one entry (column 0 of dz1 seen as units × 1) per non-zero pixel. The
      // kernel rewrites every row it is given, empty or not, so the blank margins above and below the
      // digit are left out: a plain TypeScript loop over the non-zero rows alone measured slower.
      const first = column.indices[0]!;
      const lines = column.indices[count - 1]! - first + 1;
      rows.offsets.fill(0, 0, lines + 1);
      for (let e = 0; e < count; e++) {
        rows.offsets[column.indices[e]! - first + 1] = 1;
        rows.values[e] = -learningRate * column.values[e]!;
      }
      for (let line = 0; line < lines; line++) rows.offsets[line + 1]! += rows.offsets[line]!;
      const block = this.weights[0]!.subarray(first * units, (first + lines) * units);
      kernels().sparseGemmTransposeB(lines, units, 1, rows, dz, block, true);
    }
    const bias = this.biases[0]!;
    for (let i = 0; i < units; i++) bias[i]! -= learningRate * dz[i]!;
  }

  /** The network is brought up to date before the step is reported as not finite. */
  private rejectStep(result: StepResult): StepResult {
    this.syncWeights();
    result.finite = false;
    return result;
  }
}

function maxAbs(values: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    largest = Math.max(largest, Math.abs(values[i]!));
  }
  return largest;
}

/** Σ |a − y| over one sample's outputs. */
function absoluteError(outputs: Float32Array, targets: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < outputs.length; i++) sum += Math.abs(outputs[i]! - targets[i]!);
  return sum;
}
