import { Gunzip, gzipSync } from 'fflate';
import { inflateWithin } from './bounded-inflate';
import { crc32 } from './crc32';

/** The two magic bytes that open every gzip stream; IDX files start with two zero bytes instead. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Deflate cannot expand data by more than about 1032:1, which bounds what a gzip stream can honestly hold. */
export const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates a whole gzip stream into at most `limit` bytes. Throws `InflateLimitError` when the stream holds more,
 * and any other error when it is corrupt (bad header, bad data, CRC-32 or length trailer mismatch).
 */
export type Inflater = (gzip: Uint8Array, limit: number) => Uint8Array;

/**
 * Inflates only the start of a gzip stream (up to `wanted` bytes of output), feeding the input in small slices so
 * that a stream that expands enormously is cut short early. Used to read the IDX header before sizing the output.
 */
export function inflateHead(bytes: Uint8Array, wanted: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Gunzip((chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  for (let start = 0; start < bytes.length && total < wanted; start += 256) {
    const end = Math.min(start + 256, bytes.length);
    inflater.push(bytes.subarray(start, end), end === bytes.length);
  }
  const head = new Uint8Array(Math.min(total, wanted));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= head.length) break;
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.length;
  }
  return head;
}

/**
 * The inflater used without Node: fflate, streamed into a buffer of the limit's size and stopped as soon as the
 * stream passes it (fflate's one-shot call would inflate a bomb to its end first), then our own trailer check.
 */
export const fflateInflater: Inflater = (bytes, limit) => {
  const buffer = new Uint8Array(limit);
  let at = 0;
  inflateWithin('gzip', [bytes], limit, (chunk) => {
    buffer.set(chunk, at);
    at += chunk.length;
  });
  const out = buffer.subarray(0, at);
  if (bytes.length < 18) throw new Error('gzip stream too short for its header and trailer');
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  if (trailer.getUint32(0, true) !== crc32(out) || trailer.getUint32(4, true) !== out.length % 2 ** 32) {
    throw new Error('CRC-32 or length trailer does not match the data');
  }
  return out;
};

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 6 });
}
