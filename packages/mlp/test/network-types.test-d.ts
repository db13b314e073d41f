import { Matrix } from '@nn/linalg';
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
