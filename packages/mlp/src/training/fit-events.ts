/**
 * The events `fit()` emits while training. This file is the contract between @nn/mlp, @nn/train
 * (which forwards them from a worker thread and writes them to metrics.jsonl) and the VS Code dashboard.
 * Epoch and batch numbers are 1-based. A fit on class data emits `FitEvent`s (accuracy); one on regression data
 * `RegressionFitEvent`s, whose batch, epoch and done events report the mean absolute error instead.
 */

import type { Network } from '../model/network';
import type { PathChoice } from '../paths/step-path';

/** One layer's parameters at a moment of training: weights out×in (row-major) and bias out×1. */
export interface LayerSnapshot {
  rows: number;
  cols: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** First event of a `fit`: the run's size and shape, once its step path has started (threads too), before any step. */
export interface StartEvent {
  type: 'start';
  epochs: number;
  batchesPerEpoch: number;
  trainSize: number;
  testSize: number;
  layerSizes: number[];
  /** 1 when training from scratch; later when resuming from a checkpoint. */
  firstEpoch: number;
  /** The step path that trains, and why (see @nn/mlp's training/choose-path.ts); absent in older recorded runs. */
  path?: PathChoice;
}

/** A batch's loss and accuracy, at most every `batchEventInterval` ms. */
export interface BatchEvent {
  type: 'batch';
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Accuracy on this batch, 0–1. */
  accuracy: number;
  samplesPerSecond: number;
}

/** After each epoch (and its checkpoint, if any): training and test figures. */
export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  trainAccuracy: number;
  /** Present when test data was given. */
  testLoss?: number;
  testAccuracy?: number;
  /** Wall time of the epoch's training (not evaluation), in seconds. */
  seconds: number;
  samplesPerSecond: number;
  learningRate: number;
}

/** The weights during training, at most every `snapshotInterval` ms, for live views. */
export interface SnapshotEvent {
  type: 'snapshot';
  epoch: number;
  batch: number;
  layers: LayerSnapshot[];
}

/** Last event of a `fit`, also when stopped early: the final figures. */
export interface DoneEvent {
  type: 'done';
  /** Epochs completed (counting resumed ones). */
  epochs: number;
  /** True when an AbortSignal ended training early. */
  stopped: boolean;
  seconds: number;
  finalLoss: number;
  trainAccuracy: number;
  testAccuracy?: number;
}

/** Every event `fit` on class data passes to `onEvent`, told apart by `type`. */
export type FitEvent = StartEvent | BatchEvent | EpochEvent | SnapshotEvent | DoneEvent;

/** A regression batch's loss and mean absolute error, at most every `batchEventInterval` ms. */
export interface RegressionBatchEvent {
  type: 'batch';
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Mean loss of this batch. */
  loss: number;
  /** Mean of |output − target| over this batch's samples and outputs. */
  meanAbsoluteError: number;
  samplesPerSecond: number;
}

/** After each epoch of a regression fit: training and test figures. */
export interface RegressionEpochEvent {
  type: 'epoch';
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch. */
  loss: number;
  /** Mean of |output − target| over the epoch's training batches (each taken before its step). */
  trainMeanAbsoluteError: number;
  /** Present when test data was given. */
  testLoss?: number;
  testMeanAbsoluteError?: number;
  /** Wall time of the epoch's training (not evaluation), in seconds. */
  seconds: number;
  samplesPerSecond: number;
  learningRate: number;
}

/** Last event of a regression fit, also when stopped early: the final figures. */
export interface RegressionDoneEvent {
  type: 'done';
  /** Epochs completed (counting resumed ones). */
  epochs: number;
  /** True when an AbortSignal ended training early. */
  stopped: boolean;
  seconds: number;
  finalLoss: number;
  trainMeanAbsoluteError: number;
  testMeanAbsoluteError?: number;
}

/** Every event `fit` on regression data passes to `onEvent`, told apart by `type`. */
export type RegressionFitEvent =
  | StartEvent
  | RegressionBatchEvent
  | RegressionEpochEvent
  | SnapshotEvent
  | RegressionDoneEvent;

/** Copies of every layer's weights and bias, safe to transfer to another thread. */
export function snapshotLayers(network: Network): LayerSnapshot[] {
  return network.layers.map((layer) => ({
    rows: layer.weights.rows,
    cols: layer.weights.cols,
    weights: layer.weights.data.slice(),
    bias: layer.bias.data.slice(),
  }));
}
