import { convertIndexedToRgb, decode, encode } from 'fast-png';
import { DigitImageError } from './digit-image-error';
import { fromRgba } from './preprocess';

/**
 * Encodes a 28×28 image as an 8-bit greyscale PNG: bytes 0–255 as they are, or floats in [0, 1] (network inputs),
 * which are scaled and clamped.
 */
export function toPng(image: Uint8Array | Float32Array | Float64Array, width = 28, height = 28): Uint8Array {
  if (image.length !== width * height) {
    throw new DigitImageError(`toPng: a ${width}×${height} image has ${width * height} pixels, got ${image.length}`);
  }
  let grey: Uint8Array;
  if (image instanceof Uint8Array) {
    grey = image;
  } else {
    grey = new Uint8Array(image.length);
    for (let i = 0; i < image.length; i++) grey[i] = Math.round(255 * Math.min(1, Math.max(0, image[i]!)));
  }
  return encode({ width, height, data: grey, channels: 1, depth: 8 });
}

/** Decodes a PNG (any colour type, 8 or 16 bits, or indexed) to RGBA bytes. */
export function decodePngRgba(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new DigitImageError(`not a readable PNG: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { width, height } = png;
  let data: ArrayLike<number> = png.data;
  let channels = png.channels;
  let max = png.depth === 16 ? 65535 : 255;
  if (png.palette) {
    data = convertIndexedToRgb(png);
    channels = data.length / (width * height);
    max = 255;
  } else if (png.depth < 8) {
    throw new DigitImageError(`PNG with ${png.depth}-bit samples is not supported; save it with 8 or 16 bits`);
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const at = i * channels;
    const grey = channels <= 2;
    const alphaAt = channels === 2 || channels === 4 ? at + channels - 1 : -1;
    rgba[4 * i] = Math.round((255 * data[at]!) / max);
    rgba[4 * i + 1] = Math.round((255 * data[grey ? at : at + 1]!) / max);
    rgba[4 * i + 2] = Math.round((255 * data[grey ? at : at + 2]!) / max);
    rgba[4 * i + 3] = alphaAt < 0 ? 255 : Math.round((255 * data[alphaAt]!) / max);
  }
  return { width, height, rgba };
}

/** A PNG picture of a digit → a 28×28 MNIST-style image (see `fromRgba` for the preprocessing). */
export function fromPng(bytes: Uint8Array): Uint8Array {
  const { width, height, rgba } = decodePngRgba(bytes);
  return fromRgba(width, height, rgba);
}
