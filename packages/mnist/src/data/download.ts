import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isGzip } from '../idx/gzip';
import { writeFileAtomic } from '../idx/idx-file';
import { mnistCacheDir } from './cache-dir';
import { MnistDownloadError } from './download-error';
import { MAX_IDX_FILE_BYTES, readRegularFile } from './read-regular-file';
import {
  DEFAULT_BASE_URLS,
  MNIST_FILE_KINDS,
  MNIST_FILES,
  MNIST_SPLITS,
  type MnistFileSpec,
  type MnistVariant,
} from './variants';

/** One progress report of `downloadMnist`, passed to its `onProgress`. */
export interface DownloadProgress {
  /** `download` while bytes arrive; `retry` before another attempt; `verified` once a file is written;
   * `present` when a verified copy was already there. */
  phase: 'download' | 'retry' | 'verified' | 'present';
  /** The file name without `.gz`. */
  file: string;
  fileIndex: number;
  fileCount: number;
  receivedBytes: number;
  /** From Content-Length, when the server sends it. */
  totalBytes: number | undefined;
  attempt: number;
  /** Why the previous attempt failed (phase `retry`). */
  error?: Error;
}

/** What `downloadMnist` takes: the variant, the destination and how to fetch and retry. */
export interface DownloadMnistOptions {
  variant?: MnistVariant;
  /** Where to put the files; default the user cache folder, where `loadMnist` looks. */
  dir?: string;
  /** Fetches `<baseUrl>/<name>.gz`; default the variant's public mirror. */
  baseUrl?: string;
  /** Called as each file downloads, retries, verifies or is found already present. */
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Tries per file (default 3). */
  attempts?: number;
  /** Wait before a retry, doubled each time (default 500 ms). */
  retryDelayMs?: number;
}

/** The downloaded bytes do not match the SHA-256 pinned in the source (or do not inflate to the pinned size). */
export class MnistChecksumError extends Error {
  override name = 'MnistChecksumError';
}

/**
 * Downloads the four files of a variant into `dir`, verifying the SHA-256 of each *decompressed* file against the
 * pinned value, so any mirror and any gzip level works. Each file is written atomically under its own name (with
 * `.gz` if the server sent gzip) only after it verified; a failed file is retried, and a file that never verifies
 * leaves nothing under its name. Files already present and verified are not fetched again.
 * Cancel with `signal`; the promise then rejects with the signal's reason.
 */
export async function downloadMnist(options: DownloadMnistOptions = {}): Promise<{ dir: string; files: string[] }> {
  const variant = options.variant ?? 'digits';
  const dir = options.dir ?? mnistCacheDir(variant);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URLS[variant]).replace(/\/?$/, '/');
  const attempts = options.attempts ?? 3;
  const specs = MNIST_SPLITS.flatMap((split) => MNIST_FILE_KINDS.map((kind) => MNIST_FILES[variant][split][kind]));
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const [fileIndex, spec] of specs.entries()) {
    const report = (progress: Omit<DownloadProgress, 'file' | 'fileIndex' | 'fileCount'>) =>
      options.onProgress?.({ file: spec.name, fileIndex, fileCount: specs.length, ...progress });
    const existing = await verifiedCopy(dir, spec);
    if (existing) {
      report({ phase: 'present', receivedBytes: 0, totalBytes: undefined, attempt: 0 });
      files.push(existing);
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        const bytes = await fetchFile(`${baseUrl}${spec.name}.gz`, variant, options.signal, (received, total) =>
          report({ phase: 'download', receivedBytes: received, totalBytes: total, attempt }),
        );
        verify(bytes, spec);
        const path = join(dir, isGzip(bytes) ? `${spec.name}.gz` : spec.name);
        await writeFileAtomic(path, bytes);
        report({ phase: 'verified', receivedBytes: bytes.length, totalBytes: bytes.length, attempt });
        files.push(path);
        break;
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (attempt >= attempts) throw error;
        const reason = error instanceof Error ? error : new Error(String(error));
        report({ phase: 'retry', receivedBytes: 0, totalBytes: undefined, attempt, error: reason });
        await delay((options.retryDelayMs ?? 500) * 2 ** (attempt - 1), options.signal);
      }
    }
  }
  return { dir, files };
}

async function fetchFile(
  url: string,
  variant: MnistVariant,
  signal: AbortSignal | undefined,
  onBytes: (received: number, total: number | undefined) => void,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new MnistDownloadError(url, variant, error);
  }
  if (!response.ok || response.body === null) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onBytes(received, total);
  }
  if (total !== undefined && received !== total) {
    throw new Error(`GET ${url}: received ${received} of ${total} bytes`);
  }
  return Buffer.concat(chunks, received);
}

function verify(bytes: Uint8Array, spec: MnistFileSpec): void {
  let idx: Uint8Array;
  try {
    // The pinned size bounds the inflation, so a hostile mirror cannot make us allocate more.
    idx = isGzip(bytes) ? gunzipSync(bytes, { maxOutputLength: spec.bytes + 1 }) : bytes;
  } catch (error) {
    throw new MnistChecksumError(`${spec.name}: does not inflate to the expected file (${String(error)})`);
  }
  const sha256 = createHash('sha256').update(idx).digest('hex');
  if (idx.length !== spec.bytes || sha256 !== spec.sha256) {
    throw new MnistChecksumError(
      `${spec.name}: SHA-256 ${sha256} of ${idx.length} bytes, expected ${spec.sha256} of ${spec.bytes} bytes`,
    );
  }
}

/** The path of a copy already in `dir` that verifies, if any; a copy that does not verify is removed. */
async function verifiedCopy(dir: string, spec: MnistFileSpec): Promise<string | undefined> {
  for (const path of [join(dir, spec.name), join(dir, `${spec.name}.gz`)]) {
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(path, MAX_IDX_FILE_BYTES);
    } catch {
      continue;
    }
    try {
      verify(bytes, spec);
      return path;
    } catch {
      await rm(path, { force: true });
    }
  }
  return undefined;
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
