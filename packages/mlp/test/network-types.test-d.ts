import { type Dim, dim, Matrix } from '@nn/linalg';
import { expectTypeOf, it } from 'vitest';
import { load, Network } from '../src/index';

it('carries literal input and output sizes into predict', () => {
  const network = new Network({ layerSizes: [784, 128, 64, 10] });
  expectTypeOf(network).toEqualTypeOf<Network<784, 10>>();
  const out = network.predict(Matrix.zeros(784, 32));
  expectTypeOf(out).toEqualTypeOf<Matrix<10, 32>>();
  // @ts-expect-error a 100-row input does not fit a 784-input network
  network.predict(Matrix.zeros(100, 32));
});

it('narrows a loaded network with withSizes', () => {
  const loaded = load(new Uint8Array()).withSizes(784, 10);
  expectTypeOf(loaded.predict(Matrix.zeros(784, 1))).toEqualTypeOf<Matrix<10, 1>>();
});

it('accepts layer sizes known only at run time, typed Network<number, number>', () => {
  const sizes: number[] = JSON.parse('[3, 5, 2]');
  const network = new Network({ layerSizes: sizes });
  expectTypeOf(network).toEqualTypeOf<Network<number, number>>();
  expectTypeOf(network.predict(Matrix.zeros(3, 4))).toEqualTypeOf<Matrix<number, 4>>();
  // The bridge to literal types: withSizes checks the sizes at run time and narrows the type.
  const narrowed = network.withSizes(3, 2);
  expectTypeOf(narrowed).toEqualTypeOf<Network<3, 2>>();
  // @ts-expect-error a 4-row input does not fit the narrowed 3-input network
  narrowed.predict(Matrix.zeros(4, 1));
});

it('still infers literal sizes from a readonly tuple and refuses a non-number size', () => {
  const sizes = [10, 20, 30] as const;
  expectTypeOf(new Network({ layerSizes: sizes })).toEqualTypeOf<Network<10, 30>>();
  // @ts-expect-error layer sizes are numbers
  new Network({ layerSizes: ['784', 10] });
});

it('keeps a labelled run-time batch size through predict', () => {
  const count: number = JSON.parse('7');
  const B = dim('batch', count);
  const network = new Network({ layerSizes: [784, 128, 64, 10] });
  expectTypeOf(network.predict(Matrix.zeros(784, B))).toEqualTypeOf<Matrix<10, Dim<'batch'>>>();
});
