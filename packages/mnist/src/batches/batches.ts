import { Matrix } from '@nn/linalg';
import type { MnistDataset } from '../data/dataset';
import { shuffledIndices } from '../seeded-shuffle';
import { fillImages, fillLabels } from './fill-batch';

/** What batches need from a data set. */
export type LabelledImages = Pick<MnistDataset, 'images' | 'labels' | 'count'>;

export interface BatchOptions<B extends number = number> {
  batchSize: B;
  /** Visit examples in a seeded random order (default false: 0, 1, 2, …). */
  shuffle?: boolean;
  /** Seed of the shuffle; the same seed gives the same order. Use a different seed per epoch. */
  seed?: number;
  /** Skip the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
}

/** One batch: x is 784×B with one example per column, scaled to [0, 1]; oneHot is 10×B. */
export interface Batch<B extends number = number> {
  x: Matrix<784, B>;
  /** The B labels, 0–9. */
  y: Uint8Array;
  oneHot: Matrix<10, B>;
  /** Which examples of the data set, in column order. */
  indices: Uint32Array;
}

/**
 * Iterates over one epoch in batches. The yielded batch and its matrices are reused: every full batch is written
 * into the same buffers, so copy anything you keep past the next step. When the last batch is smaller (and not
 * dropped) it gets buffers of its own size, so `x.cols` is always the true batch size. With `dropLast: true` every
 * batch has exactly `batchSize` columns, and the type says so.
 */
export function batches<B extends number>(
  dataset: LabelledImages,
  options: BatchOptions<B> & { dropLast: true },
): IterableIterator<Batch<B>>;
export function batches(dataset: LabelledImages, options: BatchOptions): IterableIterator<Batch<number>>;
export function* batches(dataset: LabelledImages, options: BatchOptions): IterableIterator<Batch<number>> {
  const { batchSize } = options;
  const { count } = dataset;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batches: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (dataset.images.length < count * 784 || dataset.labels.length < count) {
    throw new RangeError(
      `batches: ${count} examples need ${count * 784} image bytes and ${count} labels, ` +
        `got ${dataset.images.length} and ${dataset.labels.length}`,
    );
  }
  const order = options.shuffle ? shuffledIndices(count, options.seed ?? 0) : identity(count);
  const full = count >= batchSize ? allocateBatch(batchSize) : undefined;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    if (size < batchSize && options.dropLast) return;
    const batch = full !== undefined && size === batchSize ? full : allocateBatch(size);
    batch.indices.set(order.subarray(start, start + size));
    fillImages(dataset.images, batch.indices, batch.x.data);
    fillLabels(dataset.labels, batch.indices, batch.y, batch.oneHot.data);
    yield batch;
  }
}

function allocateBatch(size: number): Batch<number> {
  return {
    x: Matrix.zeros(784, size),
    y: new Uint8Array(size),
    oneHot: Matrix.zeros(10, size),
    indices: new Uint32Array(size),
  };
}

function identity(count: number): Uint32Array {
  const indices = new Uint32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  return indices;
}
