import { convertIndexedToRgb, decode, encode } from 'fast-png';
import { InflateLimitError, inflateWithin } from '../idx/bounded-inflate';
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

/**
 * Pictures larger than this on either side are refused before their pixels are inflated: a digit needs far fewer.
 * At 2048 the costliest accepted picture (16-bit RGBA) took 4.4 s and 177 MB on a busy 2-core machine; 4096, 8 s and 450 MB.
 */
export const MAX_PNG_SIDE = 2048;

/**
 * Decodes a PNG (any colour type, 8 or 16 bits, or indexed) to RGBA bytes. The size in IHDR and the amount the
 * pixel data inflates to are checked first, so a small file cannot make the decoder allocate gigabytes.
 */
export function decodePngRgba(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  checkPngSize(bytes);
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
    data = indexedToRgb(png);
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

/** fast-png's palette lookup throws a plain Error for an index past the palette's end; it is a bad image. */
function indexedToRgb(png: ReturnType<typeof decode>): Uint8Array {
  try {
    return convertIndexedToRgb(png);
  } catch (error) {
    throw new DigitImageError(`not a readable indexed PNG: ${(error as Error).message}`);
  }
}

/** A PNG picture of a digit → a 28×28 MNIST-style image (see `fromRgba` for the preprocessing). */
export function fromPng(bytes: Uint8Array): Uint8Array {
  const { width, height, rgba } = decodePngRgba(bytes);
  return fromRgba(width, height, rgba);
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel for each PNG colour type (0 grey, 2 RGB, 3 indexed, 4 grey+alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Reads IHDR and refuses pictures over `MAX_PNG_SIDE`, then inflates the IDAT chunks once without keeping the
 * output, refusing a stream that inflates past what the declared size needs (rows of filter byte + pixels, with
 * slack for interlacing's extra rows). Other damage is left to the decoder, which reports it.
 */
function checkPngSize(bytes: Uint8Array): void {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(12) !== 0x49484452) return; // "IHDR" must come first; the decoder names the problem
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) {
    throw new DigitImageError(`PNG is ${width}×${height} pixels; at most ${MAX_PNG_SIDE}×${MAX_PNG_SIDE} is read`);
  }
  const bitsPerPixel = bytes[24]! * (CHANNELS[bytes[25]!] ?? 4);
  const rawBytes = height * (1 + Math.ceil((width * bitsPerPixel) / 8));
  const limit = rawBytes + 16 * (height + 8);
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = view.getUint32(at + 4);
    if (type === 0x49444154) idat.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)));
    at += 12 + length;
  }
  try {
    inflateWithin('zlib', idat, limit);
  } catch (error) {
    if (error instanceof InflateLimitError) {
      throw new DigitImageError(`PNG pixel data of a ${width}×${height} picture: ${error.message}`);
    }
  }
}
