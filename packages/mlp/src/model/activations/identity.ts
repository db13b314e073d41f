import type { Activation } from './activation';

/** f(z) = z: a linear output layer (regression with mean squared error). */
export const identity: Activation = {
  name: 'identity',
  forward(z, a, rows, cols) {
    a.set(z.subarray(0, rows * cols));
  },
  backward(_z, _a, da, dz, rows, cols) {
    dz.set(da.subarray(0, rows * cols));
  },
};
