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
