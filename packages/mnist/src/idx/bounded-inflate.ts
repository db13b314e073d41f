import { Gunzip, Unzlib } from 'fflate';

/** A stream holds more than the bytes allowed for it (e.g. more than its header declares). */
export class InflateLimitError extends Error {
  override name = 'InflateLimitError';
}

/** Input is fed in slices this small so that one slice can add at most ~4 MB of output (deflate's ratio is ≤ 1032). */
const SLICE_BYTES = 4096;

/**
 * Inflates a gzip or zlib stream (given as one or more consecutive parts, e.g. PNG's IDAT chunks), handing each
 * output chunk to `onData`, and stops as soon as the output passes `limit` bytes: a bomb is refused after reading
 * a little past the limit instead of being inflated to its end. Returns the output length; corrupt streams throw
 * fflate's error.
 */
export function inflateWithin(
  format: 'gzip' | 'zlib',
  parts: readonly Uint8Array[],
  limit: number,
  onData: (chunk: Uint8Array) => void = () => {},
): number {
  let total = 0;
  const handle = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total <= limit) onData(chunk);
  };
  const stream = format === 'gzip' ? new Gunzip(handle) : new Unzlib(handle);
  const inputBytes = parts.reduce((sum, part) => sum + part.length, 0);
  let read = 0;
  if (inputBytes === 0) stream.push(new Uint8Array(0), true);
  for (const part of parts) {
    for (let start = 0; start < part.length; start += SLICE_BYTES) {
      const slice = part.subarray(start, start + SLICE_BYTES);
      read += slice.length;
      stream.push(slice, read === inputBytes);
      if (total > limit) {
        throw new InflateLimitError(
          `${format} stream inflates to more than ${limit} bytes (stopped after reading ${read} of ${inputBytes} bytes)`,
        );
      }
    }
  }
  return total;
}
