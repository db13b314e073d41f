import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { IdxFormatError, loadMnist, writeIdxFile } from '../src/index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nn-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeSplit(imageDims: number[], labels: number[]): Promise<void> {
  const count = imageDims.reduce((a, b) => a * b, 1);
  await writeIdxFile(join(dir, 't10k-images-idx3-ubyte.gz'), {
    type: 'uint8',
    dims: imageDims,
    data: new Uint8Array(count).fill(7),
  });
  await writeIdxFile(join(dir, 't10k-labels-idx1-ubyte'), {
    type: 'uint8',
    dims: [labels.length],
    data: Uint8Array.from(labels),
  });
}

it('loads a small well-formed split from gzip images and plain labels', async () => {
  await writeSplit([2, 28, 28], [3, 9]);
  const dataset = await loadMnist({ split: 'test', dir });
  expect(dataset).toMatchObject({ count: 2, rows: 28, cols: 28, dir, variant: 'digits', split: 'test' });
  expect(Array.from(dataset.labels)).toEqual([3, 9]);
});

it('loads into shared memory when asked: gzip images copied there once inflated, plain labels read there', async () => {
  await writeSplit([2, 28, 28], [3, 9]);
  const plain = await loadMnist({ split: 'test', dir });
  const shared = await loadMnist({ split: 'test', dir, shared: true });
  expect(plain.images.buffer).toBeInstanceOf(ArrayBuffer);
  expect(shared.images.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(shared.labels.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(shared.images).toEqual(plain.images);
  expect(Array.from(shared.labels)).toEqual([3, 9]);
});

it('rejects images that are not N×28×28', async () => {
  await writeSplit([2, 28, 27], [3, 9]);
  await expect(loadMnist({ split: 'test', dir })).rejects.toThrow(
    /expected uint8 images of N×28×28, found uint8 \[2, 28, 27\]/,
  );
});

it('rejects a label count that differs from the image count', async () => {
  await writeSplit([2, 28, 28], [3, 9, 1]);
  await expect(loadMnist({ split: 'test', dir })).rejects.toThrow(/expected 2 uint8 labels.*found uint8 \[3\]/);
});

it('rejects a label outside 0–9, naming the example and its byte offset', async () => {
  await writeSplit([2, 28, 28], [3, 12]);
  const attempt = loadMnist({ split: 'test', dir });
  await expect(attempt).rejects.toThrow(IdxFormatError);
  await expect(attempt).rejects.toMatchObject({ offset: 9, reason: 'label 12 of example 1 is not a class 0–9' });
});
