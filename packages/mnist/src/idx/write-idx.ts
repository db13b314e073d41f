import { gzip } from './gzip';
import { IdxFormatError } from './idx-format-error';
import { IDX_ELEMENT_BYTES, IDX_TYPE_CODES, type IdxArray } from './idx-types';

/** What `writeIdx` takes besides the array. */
export interface WriteIdxOptions {
  /** Compress the result with gzip (readIdx detects it by its magic bytes). */
  gzip?: boolean;
}

/** Serialises an IDX array (big-endian, as the format requires); the inverse of `readIdx`. */
export function writeIdx(array: IdxArray, options: WriteIdxOptions = {}): Uint8Array {
  const { type, dims, data } = array;
  if (dims.length === 0 || dims.length > 255) {
    throw new IdxFormatError(`cannot write rank ${dims.length}: IDX holds 1 to 255 dimensions`, 3);
  }
  for (const dim of dims) {
    if (!Number.isInteger(dim) || dim < 0 || dim > 0xffffffff) {
      throw new IdxFormatError(`cannot write dimension ${dim}: IDX dimensions are unsigned 32-bit integers`, 4);
    }
  }
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (count !== data.length) {
    throw new IdxFormatError(`dimensions [${dims.join(', ')}] hold ${count} elements but data has ${data.length}`, 4);
  }
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + count * IDX_ELEMENT_BYTES[type]);
  const view = new DataView(out.buffer);
  out[2] = IDX_TYPE_CODES[type];
  out[3] = dims.length;
  dims.forEach((dim, i) => {
    view.setUint32(4 + 4 * i, dim, false);
  });
  switch (type) {
    case 'uint8':
      out.set(data, headerBytes);
      break;
    case 'int8':
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.length), headerBytes);
      break;
    case 'int16':
      for (let i = 0; i < count; i++) view.setInt16(headerBytes + 2 * i, data[i]!, false);
      break;
    case 'int32':
      for (let i = 0; i < count; i++) view.setInt32(headerBytes + 4 * i, data[i]!, false);
      break;
    case 'float32':
      for (let i = 0; i < count; i++) view.setFloat32(headerBytes + 4 * i, data[i]!, false);
      break;
    case 'float64':
      for (let i = 0; i < count; i++) view.setFloat64(headerBytes + 8 * i, data[i]!, false);
      break;
  }
  return options.gzip ? gzip(out) : out;
}
