import { ModelFormatError } from '../errors';
import { littleEndianBytes, littleEndianFloats } from './little-endian';

/** One F32 tensor; `data` holds the product of `shape` values, row-major. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** A decoded `.safetensors` file: its tensors by name and its metadata. */
export interface SafetensorsContent {
  tensors: Map<string, Tensor>;
  /** The `__metadata__` strings (empty when absent). */
  metadata: Record<string, string>;
}

/** Headers above this are refused before decoding: real ones are a few kilobytes. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** A header nests three deep (header → tensor entry → shape); parsing deeper JSON can take seconds, so it is refused. */
const MAX_HEADER_DEPTH = 3;

/**
 * The safetensors layout: 8-byte little-endian header length N, N bytes of JSON
 * (`{"name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]}, "__metadata__": {…}}`, padded with
 * spaces to a multiple of 8), then the tensors' bytes, offsets counted from the end of the header.
 */
export function encodeSafetensors(tensors: [string, Tensor][], metadata: Record<string, string>): Uint8Array {
  const parts = encodeSafetensorsParts(tensors, metadata);
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let position = 0;
  for (const part of parts) {
    out.set(part, position);
    position += part.byteLength;
  }
  return out;
}

/**
 * The same file as `encodeSafetensors`, as the parts that make it up in order: the header (length and JSON), then
 * one part per tensor. On little-endian platforms a tensor's part is a view of its `data`, not a copy, so a large
 * file can be written without holding a second copy of it; write the parts before those arrays change.
 */
export function encodeSafetensorsParts(tensors: [string, Tensor][], metadata: Record<string, string>): Uint8Array[] {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const bytes = tensor.data.length * 4;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  const headerBytes = encoder.encode(json);
  json += ' '.repeat((8 - ((8 + headerBytes.length) % 8)) % 8);
  const padded = encoder.encode(json);
  const head = new Uint8Array(8 + padded.length);
  const view = new DataView(head.buffer);
  view.setUint32(0, padded.length, true);
  view.setUint32(4, 0, true);
  head.set(padded, 8);
  return [head, ...tensors.map(([, tensor]) => littleEndianBytes(tensor.data))];
}

/**
 * Reads a safetensors file, checking everything a broken or hostile file could get wrong before any
 * tensor is allocated; every allocation is bounded by the file's own size. Tensors are views of `bytes` where
 * they can be (little-endian platform, float-aligned data: every file `encodeSafetensors` writes), so decoding a
 * 22 MB checkpoint does not hold a second 22 MB; otherwise copies.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (bytes.length < 8)
    throw new ModelFormatError(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > bytes.length - 8) {
    throw new ModelFormatError(`header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);
  }
  if (headerLength > MAX_HEADER_BYTES)
    throw new ModelFormatError(`header length ${headerLength} exceeds ${MAX_HEADER_BYTES} bytes`);
  checkNesting(bytes.subarray(8, 8 + headerLength));
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new ModelFormatError(`header is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new ModelFormatError('header must be a JSON object');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata = readMetadata((header as Record<string, unknown>).__metadata__);
  const entries: { name: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    entries.push({ name, ...checkEntry(name, entry, dataLength) });
  }
  entries.sort((a, b) => a.begin - b.begin);
  let covered = 0;
  for (const entry of entries) {
    if (entry.begin < covered) throw new ModelFormatError(`tensor "${entry.name}" overlaps the tensor before it`);
    if (entry.begin > covered)
      throw new ModelFormatError(`bytes ${covered}…${entry.begin} before tensor "${entry.name}" belong to no tensor`);
    covered = entry.end;
  }
  if (covered !== dataLength)
    throw new ModelFormatError(`the last ${dataLength - covered} data bytes belong to no tensor`);
  const tensors = new Map<string, Tensor>();
  for (const { name, shape, begin, end } of entries) {
    tensors.set(name, { shape, data: littleEndianFloats(bytes, dataStart + begin, (end - begin) / 4) });
  }
  return { tensors, metadata };
}

/** Counts bracket depth outside strings; `header` starts at byte 8 of the file, which the message counts from. */
function checkNesting(header: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < header.length; i++) {
    const byte = header[i];
    if (inString) {
      // A backslash escapes the next byte, which may be a quote.
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth++;
      if (depth > MAX_HEADER_DEPTH) {
        throw new ModelFormatError(`header is nested deeper than ${MAX_HEADER_DEPTH} levels at byte ${8 + i}`);
      }
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelFormatError('__metadata__ must be an object of strings');
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ModelFormatError(`__metadata__.${key} must be a string, got ${typeof v}`);
  }
  return value as Record<string, string>;
}

function checkEntry(name: string, entry: unknown, dataLength: number): { shape: number[]; begin: number; end: number } {
  if (typeof entry !== 'object' || entry === null) throw new ModelFormatError(`tensor "${name}" must be an object`);
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
  if (dtype !== 'F32')
    throw new ModelFormatError(`tensor "${name}" has dtype ${JSON.stringify(dtype)}; only F32 is supported`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new ModelFormatError(
      `tensor "${name}" has shape ${JSON.stringify(shape)}; expected a list of non-negative integers`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new ModelFormatError(`tensor "${name}" has data_offsets ${JSON.stringify(offsets)}; expected [begin, end]`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength) {
    throw new ModelFormatError(
      `tensor "${name}" has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes`,
    );
  }
  // Multiplying in floating point cannot overflow into a small wrong number; compare with the bytes present.
  const values = (shape as number[]).reduce((p, d) => p * d, 1);
  if (values * 4 !== end - begin) {
    throw new ModelFormatError(
      `tensor "${name}" has shape [${shape.join(', ')}] (${values} values) but ${end - begin} bytes`,
    );
  }
  return { shape: shape as number[], begin, end };
}
