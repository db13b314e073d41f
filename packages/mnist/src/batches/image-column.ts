import { Matrix } from '@nn/linalg';

/** One 28×28 image of bytes as the network's input: a 784×1 column scaled to [0, 1]. */
export function imageColumn(image: ArrayLike<number>): Matrix<784, 1> {
  if (image.length !== 784) throw new RangeError(`imageColumn: expected 784 pixels, got ${image.length}`);
  const column = Matrix.zeros(784, 1);
  for (let p = 0; p < 784; p++) column.data[p] = image[p]! / 255;
  return column;
}
