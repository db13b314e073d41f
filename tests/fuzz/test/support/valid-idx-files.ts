import { writeIdx } from '@nn/mnist';

/** Small valid IDX files of several element types and ranks, for the mutations to damage. */
export const validIdxFiles = [
  writeIdx({ type: 'uint8', dims: [3, 4, 4], data: new Uint8Array(48).map((_, i) => i * 5) }),
  writeIdx({ type: 'uint8', dims: [10], data: new Uint8Array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]) }),
  writeIdx({ type: 'int32', dims: [5], data: new Int32Array([1, -2, 3, -4, 5]) }),
  writeIdx({ type: 'float64', dims: [2, 3], data: new Float64Array([0.5, 1, -2, 3e10, 0, 1e-300]) }),
];
