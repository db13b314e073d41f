import { Gunzip, gzipSync } from 'fflate';
import { crc32 } from './crc32';
import { IdxFormatError } from './idx-format-error';

/** The two magic bytes that open every gzip stream; IDX files start with two zero bytes instead. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Input is fed to the inflater in slices of this size so that the output can be checked between slices. */
const INPUT_SLICE = 1 << 16;

/**
 * Inflates a single-member gzip stream, checking its CRC-32 and length trailer. `maxOutput(head)` is asked after each
 * slice with the first bytes inflated so far and returns how many output bytes are acceptable; inflating stops with an
 * error as soon as more arrive. That is how a tiny gzip bomb is refused before it grows: deflate expands at most about
 * 1032:1, so one slice can never produce more than ~64 MiB beyond the limit.
 */
export function gunzipBounded(bytes: Uint8Array, maxOutput: (head: Uint8Array) => number, source?: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let head: Uint8Array = new Uint8Array(0);
  const inflater = new Gunzip((chunk) => {
    chunks.push(chunk);
    total += chunk.length;
    if (head.length < 1024) head = concat(chunks, Math.min(total, 1024));
  });
  inflater.onmember = (offset) => {
    throw new IdxFormatError('a second gzip member follows the first; only single-member gzip is supported', offset);
  };
  for (let start = 0; start < bytes.length; start += INPUT_SLICE) {
    const end = Math.min(start + INPUT_SLICE, bytes.length);
    try {
      inflater.push(bytes.subarray(start, end), end === bytes.length);
    } catch (error) {
      if (error instanceof IdxFormatError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new IdxFormatError(`corrupt gzip stream (${message}) in input bytes ${start}–${end}`, total, source);
    }
    const limit = maxOutput(head);
    if (total > limit) {
      throw new IdxFormatError(`gzip inflates past the ${limit} bytes the IDX header declares`, limit, source);
    }
  }
  if (bytes.length < 18) throw new IdxFormatError('gzip stream too short for its header and trailer', 0, source);
  const out = concat(chunks, total);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  if (trailer.getUint32(0, true) !== crc32(out) || trailer.getUint32(4, true) !== out.length % 2 ** 32) {
    throw new IdxFormatError('corrupt gzip stream: CRC-32 or length trailer does not match the data', total, source);
  }
  return out;
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 6 });
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    if (at >= length) break;
    const part = chunk.subarray(0, length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}
