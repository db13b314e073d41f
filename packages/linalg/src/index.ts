export { argmax } from './argmax';
export { type Dim, dim } from './dimension';
export { Matrix, type RandomOptions } from './matrix';
export { MatrixValues } from './matrix-values';
export { deriveSeed, mixKey, SeededRandom, uniformAt } from './random';
export { formatShape, ShapeError } from './shape-error';
