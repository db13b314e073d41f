import { expectTypeOf, it } from 'vitest';
import {
  type Dataset,
  type Evaluation,
  evaluate,
  type FitEvent,
  type FitResult,
  fit,
  Network,
  type RegressionEvaluation,
  type RegressionFitEvent,
  type RegressionFitResult,
} from '../src/index';

const network = new Network({ layerSizes: [2, 4, 1], outputActivation: 'identity' });
const options = { epochs: 1, batchSize: 2, optimizer: { type: 'sgd', learningRate: 0.1 } } as const;
const inputs = new Float32Array(4);

it('a class data set gives class events, results and evaluations, as before', () => {
  const data = { inputs, labels: [0, 1] };
  expectTypeOf(
    fit(network, data, { ...options, onEvent: (e) => expectTypeOf(e).toEqualTypeOf<FitEvent>() }),
  ).resolves.toEqualTypeOf<FitResult>();
  expectTypeOf(evaluate(network, data)).toEqualTypeOf<Evaluation>();
});

it('a regression data set gives events without accuracy, and MSE/MAE from evaluate', () => {
  const data = { inputs, targets: new Float32Array(2) };
  fit(network, data, {
    ...options,
    onEvent: (event) => {
      expectTypeOf(event).toEqualTypeOf<RegressionFitEvent>();
      // @ts-expect-error a regression batch has no accuracy
      if (event.type === 'batch') event.accuracy;
    },
  });
  expectTypeOf(fit(network, data, options)).resolves.toEqualTypeOf<RegressionFitResult>();
  expectTypeOf(evaluate(network, data)).toEqualTypeOf<RegressionEvaluation>();
  // (Test data of the other kind still compiles, through the overload for `Dataset`: fit refuses it at run time.)
});

it('a data set of either kind gives either result', () => {
  const data = { inputs, labels: [0, 1] } as Dataset;
  expectTypeOf(evaluate(network, data)).toEqualTypeOf<Evaluation | RegressionEvaluation>();
  expectTypeOf(fit(network, data, options)).resolves.toEqualTypeOf<FitResult | RegressionFitResult>();
});
