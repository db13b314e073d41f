/** Thrown for images that cannot be read or turned into a 28×28 digit: bad PNG bytes, wrong sizes. */
export class DigitImageError extends Error {
  override name = 'DigitImageError';
}
