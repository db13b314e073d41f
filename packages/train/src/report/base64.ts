/** Typed arrays cannot go into JSON as they are: their bytes travel as base64 (little-endian, as every browser). */
export type Base64 = string;

/** The bytes of `array` as base64. */
export function base64(array: Float32Array | Uint8Array): Base64 {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}
