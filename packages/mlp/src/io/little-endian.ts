/** Whether this platform keeps a Float32Array's bytes little-endian, the order safetensors stores; checked once. */
export const PLATFORM_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * `data`'s values as little-endian bytes. On a little-endian platform this is a view of `data`'s own memory (no
 * copy, so it changes when `data` does); on a big-endian one, a converted copy. `platformIsLittleEndian` is a
 * parameter only so that the copy can be tested on the little-endian machines we have.
 */
export function littleEndianBytes(data: Float32Array, platformIsLittleEndian = PLATFORM_IS_LITTLE_ENDIAN): Uint8Array {
  if (platformIsLittleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.byteLength);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return bytes;
}

/**
 * The `count` floats stored little-endian at byte `at` of `bytes`. A view of `bytes` (no copy, so it changes when
 * `bytes` does) where the platform is little-endian and `at` is float-aligned in the underlying buffer; else a
 * converted copy. `platformIsLittleEndian` is a parameter only so that the copy can be tested here.
 */
export function littleEndianFloats(
  bytes: Uint8Array,
  at: number,
  count: number,
  platformIsLittleEndian = PLATFORM_IS_LITTLE_ENDIAN,
): Float32Array {
  const start = bytes.byteOffset + at;
  if (platformIsLittleEndian && start % 4 === 0) return new Float32Array(bytes.buffer, start, count);
  const view = new DataView(bytes.buffer, start, count * 4);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
  return data;
}
