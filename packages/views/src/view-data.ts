/**
 * What the views draw, as plain data: the dashboard's host sends it over postMessage (the protocol in nn-vscode
 * wraps these in its messages) and `nn report` embeds it in the page. Neither host's types leak in here.
 */

export type RunStatus = 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

/** What the webview needs to lay out a run before its points arrive. */
export interface RunSummary {
  /** The run folder's name: the one name the run has everywhere (dashboard, notifications, output). */
  id: string;
  layerSizes: number[];
  epochs: number;
  batchesPerEpoch: number;
  /** The configuration the run used (recipe with overrides), as name/value rows, recipe first. */
  settings: [string, string][];
}

/** One training batch, reduced to what the loss curve draws. `step` counts batches from 1 over the run. */
export interface BatchPoint {
  step: number;
  epoch: number;
  /** 1-based batch within its epoch, so the header can say "epoch 1 · batch 451/469" like the notification. */
  batch: number;
  loss: number;
  /** Exponential moving average of the loss, computed on the host so throttling loses no points' effect. */
  smoothedLoss: number;
  samplesPerSecond: number;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  learningRate?: number;
  samplesPerSecond?: number;
}

/**
 * One layer's weights as sent: the layer has `rows` units × `cols` inputs, and a big layer arrives as a sample,
 * the units listed in `units` and the inputs in `inputs` (row-major, units.length × inputs.length). Typed
 * arrays cross postMessage as they are; plain arrays of a million numbers would be cloned element by element.
 */
export interface WireLayer {
  rows: number;
  cols: number;
  units: number[];
  inputs: number[];
  weights: Float32Array;
}

export interface WeightsSnapshot {
  epoch: number;
  batch: number;
  layers: WireLayer[];
}

/** The newest epoch's test-set confusion: counts[actual][predicted]. */
export interface ConfusionShown {
  epoch: number;
  counts: number[][];
}

/** One layer's full parameters for the digit pad: rows = units, cols = inputs, row-major; one bias per unit. */
export interface PadLayer {
  rows: number;
  cols: number;
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * The whole network the digit pad runs in the page: every weight (not the dashboard's sample of big layers), so
 * it is sent rarely and only the newest is kept. `activations` has one name per layer (@nn/mlp's names); input
 * bytes 0–255 are multiplied by `inputScale`, as in training.
 */
export interface PadModel {
  epoch: number;
  batch: number;
  activations: string[];
  inputScale: number;
  layers: PadLayer[];
}
