import { InflateLimitError } from './bounded-inflate';
import { fflateInflater, type Inflater, inflateHead, isGzip, MAX_DEFLATE_RATIO } from './gzip';
import { IdxFormatError } from './idx-format-error';
import { IDX_ELEMENT_BYTES, type IdxArray, type IdxType, idxTypeOfCode } from './idx-types';

/** What `readIdx` takes besides the bytes. */
export interface ReadIdxOptions {
  /** Named in error messages, e.g. the file path. */
  source?: string;
  /** How to inflate gzip input; the default is pure JavaScript (fflate), `readIdxFile` passes Node's zlib. */
  inflate?: Inflater;
}

interface IdxHeader {
  type: IdxType;
  dims: number[];
  headerBytes: number;
  dataBytes: number;
}

/**
 * Parses IDX bytes (or a gzip of them, detected by its magic bytes) into `{ type, dims, data }`.
 * 8-bit data is a view over the input bytes (no copy); wider types are converted from big-endian.
 * Any malformed input throws `IdxFormatError`; sizes are checked against the bytes present before allocating.
 */
export function readIdx(bytes: Uint8Array, options: ReadIdxOptions = {}): IdxArray {
  const { source } = options;
  // Inflated bytes are parsed as plain IDX: a gzip inside a gzip fails the magic check instead of recursing.
  if (isGzip(bytes)) bytes = inflateIdx(bytes, options.inflate ?? fflateInflater, source);
  const header = parseHeader(bytes, bytes.length, source, false)!;
  const expected = header.headerBytes + header.dataBytes;
  if (bytes.length > expected) {
    throw new IdxFormatError(
      `${bytes.length - expected} trailing bytes after the ${header.dataBytes} data bytes the header declares`,
      expected,
      source,
    );
  }
  return decodeData(bytes, header);
}

/**
 * Reads the header. With `partial`, returns undefined when more bytes are needed instead of throwing; `available`
 * is the byte count the data must fit in (infinite while a gzip stream is still being inflated).
 */
function parseHeader(bytes: Uint8Array, available: number, source: string | undefined, partial: boolean) {
  const fail = (reason: string, offset: number): never => {
    throw new IdxFormatError(reason, offset, source);
  };
  if (bytes.length < 4) return partial ? undefined : fail(`truncated header: ${bytes.length} of 4 bytes`, 0);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`wrong magic: expected 00 00, found ${hex(bytes[0]!)} ${hex(bytes[1]!)}`, 0);
  }
  const type = idxTypeOfCode(bytes[2]!) ?? fail(`unknown element type code ${hex(bytes[2]!)}`, 2);
  const rank = bytes[3]!;
  if (rank === 0) fail('rank 0: an IDX array needs at least one dimension', 3);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    return partial ? undefined : fail(`truncated header: rank ${rank} needs ${headerBytes} bytes`, bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  // A zero dimension makes the array empty whatever the others say; otherwise the float product only ever grows.
  const count = dims.includes(0) ? 0 : dims.reduce((product, dim) => product * dim, 1);
  const elementBytes = IDX_ELEMENT_BYTES[type];
  if (count * elementBytes > Number.MAX_SAFE_INTEGER) {
    fail(`dimensions [${dims.join(', ')}] overflow: ${count} elements is not addressable`, 4);
  }
  const dataBytes = count * elementBytes;
  if (headerBytes + dataBytes > available) {
    fail(
      `truncated data: dimensions [${dims.join(', ')}] of ${type} need ${dataBytes} bytes, ` +
        `${available - headerBytes} present`,
      available,
    );
  }
  return { type, dims, headerBytes, dataBytes } satisfies IdxHeader;
}

/**
 * Inflates gzip input without trusting it: the IDX header is read from the first inflated bytes, the declared size is
 * checked against the most this stream could hold, and only then is an output buffer of that size allocated.
 */
function inflateIdx(bytes: Uint8Array, inflate: Inflater, source: string | undefined): Uint8Array {
  const corrupt = (error: unknown): never => {
    const message = error instanceof Error ? error.message : String(error);
    throw new IdxFormatError(`corrupt gzip stream: ${message}`, 0, source);
  };
  let head: Uint8Array;
  try {
    head = inflateHead(bytes, 4 + 4 * 255);
  } catch (error) {
    return corrupt(error);
  }
  const header = parseHeader(head, Number.POSITIVE_INFINITY, source, true);
  // A stream too short to hold even the header inflates to a few bytes; the plain path then reports it.
  const expected = header === undefined ? head.length : header.headerBytes + header.dataBytes;
  if (expected > MAX_DEFLATE_RATIO * bytes.length + 1024) {
    throw new IdxFormatError(
      `truncated data: the header declares ${expected} bytes, more than a ${bytes.length}-byte gzip stream can hold`,
      expected,
      source,
    );
  }
  try {
    return inflate(bytes, expected);
  } catch (error) {
    if (error instanceof InflateLimitError) {
      throw new IdxFormatError(
        `trailing bytes: gzip inflates past the ${expected} bytes the header declares`,
        expected,
        source,
      );
    }
    return corrupt(error);
  }
}

function decodeData(bytes: Uint8Array, header: IdxHeader): IdxArray {
  const { type, dims, headerBytes, dataBytes } = header;
  const count = dataBytes / IDX_ELEMENT_BYTES[type];
  const offset = bytes.byteOffset + headerBytes;
  if (type === 'uint8') return { type, dims, data: new Uint8Array(bytes.buffer, offset, count) };
  if (type === 'int8') return { type, dims, data: new Int8Array(bytes.buffer, offset, count) };
  const view = new DataView(bytes.buffer, offset, dataBytes);
  switch (type) {
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(2 * i, false);
      return { type, dims, data };
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(4 * i, false);
      return { type, dims, data };
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, false);
      return { type, dims, data };
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(8 * i, false);
      return { type, dims, data };
    }
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
