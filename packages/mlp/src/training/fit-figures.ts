import type { Matrix } from '@nn/linalg';
import type { Network } from '../model/network';
import type { Dataset } from './dataset';
import type { EpochBatches } from './epoch-batches';
import { type Evaluation, evaluateAfterSync, type RegressionEvaluation } from './evaluate';
import type { DoneEvent, EpochEvent, RegressionDoneEvent, RegressionEpochEvent } from './fit-events';

/**
 * The figures fit reports after an epoch and at the end: accuracy for class data, mean absolute error for
 * regression data (a regression run has no accuracy to report, so its events carry no such field).
 */

/**
 * The `epoch` event of a finished epoch (the training figures, and the test set's when there is one) and the test
 * set's whole evaluation, which `onEpochEnd` receives.
 */
export function epochSummary(
  batches: EpochBatches,
  network: Network,
  options: { epochs: number; testData?: Dataset | undefined },
  epoch: number,
  regression: boolean,
  /** The Wᵀ the path trains, if any (StepPath.transposedLayers): the network was synced from them. */
  transposedLayers: readonly Matrix[] | undefined,
): { summary: EpochEvent | RegressionEpochEvent; test: Evaluation | RegressionEvaluation | undefined } {
  const seconds = batches.seconds();
  const { testData } = options;
  const timing = { seconds, samplesPerSecond: batches.seen / seconds, learningRate: batches.learningRate };
  const figures = { type: 'epoch', epoch, epochs: options.epochs, loss: batches.meanLoss() } as const;
  if (regression) {
    const test = testData?.targets ? evaluateAfterSync(network, testData, transposedLayers) : undefined;
    const summary: RegressionEpochEvent = {
      ...figures,
      trainMeanAbsoluteError: batches.meanAbsoluteError(),
      ...(test ? { testLoss: test.loss, testMeanAbsoluteError: test.meanAbsoluteError } : {}),
      ...timing,
    };
    return { summary, test };
  }
  const test = testData?.labels ? evaluateAfterSync(network, testData, transposedLayers) : undefined;
  const summary: EpochEvent = {
    ...figures,
    trainAccuracy: batches.correct / batches.seen,
    ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
    ...timing,
  };
  return { summary, test };
}

/** The `done` event: the last completed epoch's figures (NaN when none completed). */
export function doneEvent(
  last: EpochEvent | RegressionEpochEvent | undefined,
  epochs: number,
  stopped: boolean,
  seconds: number,
  regression: boolean,
): DoneEvent | RegressionDoneEvent {
  const run = { type: 'done', epochs, stopped, seconds, finalLoss: last?.loss ?? Number.NaN } as const;
  if (regression) {
    const figures = last as RegressionEpochEvent | undefined;
    return {
      ...run,
      trainMeanAbsoluteError: figures?.trainMeanAbsoluteError ?? Number.NaN,
      ...(figures?.testMeanAbsoluteError !== undefined ? { testMeanAbsoluteError: figures.testMeanAbsoluteError } : {}),
    };
  }
  const figures = last as EpochEvent | undefined;
  return {
    ...run,
    trainAccuracy: figures?.trainAccuracy ?? Number.NaN,
    ...(figures?.testAccuracy !== undefined ? { testAccuracy: figures.testAccuracy } : {}),
  };
}
