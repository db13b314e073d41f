import { IMAGE_SIZE } from '../data/dataset';

/**
 * How a batch is laid out in a flat row-major buffer: `columns` is 784×B (one column per example, as in
 * `z = W·x + b` with examples as columns); `rows` is B×784 (one row per example).
 */
export type BatchLayout = 'columns' | 'rows';

const INV_255 = 1 / 255;

/** Writes the images at `indices` into `out` (length ≥ 784 × indices.length), scaled from bytes to [0, 1]. */
export function fillImages(
  images: Uint8Array,
  indices: ArrayLike<number>,
  out: Float32Array,
  layout: BatchLayout = 'columns',
): Float32Array {
  const batchSize = indices.length;
  checkLength('fillImages', out, IMAGE_SIZE * batchSize);
  for (let s = 0; s < batchSize; s++) {
    const start = indices[s]! * IMAGE_SIZE;
    if (!(start >= 0 && start + IMAGE_SIZE <= images.length)) {
      throw new RangeError(`fillImages: index ${indices[s]} is outside the ${images.length / IMAGE_SIZE} images`);
    }
    if (layout === 'rows') {
      const row = s * IMAGE_SIZE;
      for (let p = 0; p < IMAGE_SIZE; p++) out[row + p] = images[start + p]! * INV_255;
    } else {
      // Column s of a 784×B row-major matrix: pixel p sits at p·B + s.
      for (let p = 0; p < IMAGE_SIZE; p++) out[p * batchSize + s] = images[start + p]! * INV_255;
    }
  }
  return out;
}

/** Writes the labels at `indices` into `labelsOut` and their one-hot codes (10×B or B×10) into `oneHotOut`. */
export function fillLabels(
  labels: Uint8Array,
  indices: ArrayLike<number>,
  labelsOut: Uint8Array,
  oneHotOut?: Float32Array,
  layout: BatchLayout = 'columns',
): void {
  const batchSize = indices.length;
  checkLength('fillLabels', labelsOut, batchSize);
  if (oneHotOut) {
    checkLength('fillLabels', oneHotOut, 10 * batchSize);
    oneHotOut.fill(0, 0, 10 * batchSize);
  }
  for (let s = 0; s < batchSize; s++) {
    const label = labels[indices[s]!];
    if (label === undefined || label > 9) {
      throw new RangeError(`fillLabels: index ${indices[s]} has no label 0–9 among ${labels.length} labels`);
    }
    labelsOut[s] = label;
    if (oneHotOut) oneHotOut[layout === 'rows' ? s * 10 + label : label * batchSize + s] = 1;
  }
}

function checkLength(what: string, out: { length: number }, needed: number): void {
  if (out.length < needed) throw new RangeError(`${what}: buffer holds ${out.length} values, needs ${needed}`);
}
