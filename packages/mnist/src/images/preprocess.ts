import { DigitImageError } from './digit-image-error';

/** MNIST's recipe: the ink's bounding box is scaled to fit a 20×20 box, then centred by mass in 28×28. */
const SIDE = 28;
const BOX = 20;
const MASS_CENTRE = 14;
/** Ink fainter than this (on 0…1, after stretching the darkest stroke to 1) is anti-aliasing haze, not the digit. */
const INK_THRESHOLD = 0.1;

/**
 * Turns an RGBA picture of a digit (any size; a canvas's `ImageData.data`, say) into a 28×28 image of bytes laid out
 * like MNIST's: white ink (255) on black (0), the ink's bounding box scaled to fit 20×20 keeping its aspect ratio,
 * placed so that its centre of mass falls on the image centre (pixel 14, 14, as in MNIST). An image without ink gives all zeros.
 *
 * Ink is read from alpha when the picture has transparent pixels (strokes drawn on a clear canvas); otherwise from
 * brightness, inverted when the border is light (dark ink on paper), since MNIST stores ink as bright.
 */
export function fromRgba(width: number, height: number, rgba: ArrayLike<number>): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new DigitImageError(`fromRgba: width and height must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    throw new DigitImageError(
      `fromRgba: a ${width}×${height} RGBA image has ${width * height * 4} values, got ${rgba.length}`,
    );
  }
  const ink = inkMap(width, height, rgba);
  const box = inkBoundingBox(width, height, ink);
  const out = new Uint8Array(SIDE * SIDE);
  if (box === undefined) return out;

  const boxWidth = box.right - box.left;
  const boxHeight = box.bottom - box.top;
  const scale = BOX / Math.max(boxWidth, boxHeight);
  const fittedWidth = Math.max(1, Math.round(boxWidth * scale));
  const fittedHeight = Math.max(1, Math.round(boxHeight * scale));
  const fitted = resampleArea(ink, width, box, fittedWidth, fittedHeight);

  // Shift by whole pixels so the centre of mass lands on pixel (14, 14), where MNIST puts it (the mean centre of
  // mass of its 10 000 test digits is (14.01, 13.99) in pixel indices); clamp so that no ink leaves the image.
  const [massX, massY] = centreOfMass(fitted, fittedWidth, fittedHeight);
  const offsetX = clamp(Math.round(MASS_CENTRE - massX), 0, SIDE - fittedWidth);
  const offsetY = clamp(Math.round(MASS_CENTRE - massY), 0, SIDE - fittedHeight);
  for (let y = 0; y < fittedHeight; y++) {
    for (let x = 0; x < fittedWidth; x++) {
      out[(y + offsetY) * SIDE + x + offsetX] = Math.round(255 * Math.min(1, fitted[y * fittedWidth + x]!));
    }
  }
  return out;
}

/** Centre of mass (x, y) of a non-negative image, in pixel-index coordinates; the middle when it is empty. */
export function centreOfMass(image: ArrayLike<number>, width: number, height: number): [number, number] {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = image[y * width + x]!;
      mass += value;
      sumX += value * x;
      sumY += value * y;
    }
  }
  return mass === 0 ? [(width - 1) / 2, (height - 1) / 2] : [sumX / mass, sumY / mass];
}

/** Ink per pixel in [0, 1], stretched so that the strongest ink is 1. */
function inkMap(width: number, height: number, rgba: ArrayLike<number>): Float32Array {
  const count = width * height;
  const ink = new Float32Array(count);
  let transparent = false;
  for (let i = 0; i < count; i++) if (rgba[4 * i + 3]! < 255) transparent = true;
  if (transparent) {
    for (let i = 0; i < count; i++) ink[i] = rgba[4 * i + 3]! / 255;
  } else {
    for (let i = 0; i < count; i++) {
      ink[i] = (0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!) / 255;
    }
    if (borderMean(ink, width, height) > 0.5) for (let i = 0; i < count; i++) ink[i] = 1 - ink[i]!;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < count; i++) {
    min = Math.min(min, ink[i]!);
    max = Math.max(max, ink[i]!);
  }
  // A flat image has no digit; otherwise stretch so a grey background becomes 0 and the boldest stroke 1.
  const range = max - min;
  for (let i = 0; i < count; i++) ink[i] = range < 1e-3 ? 0 : (ink[i]! - min) / range;
  return ink;
}

function borderMean(values: Float32Array, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += values[x]! + values[(height - 1) * width + x]!;
    n += 2;
  }
  for (let y = 0; y < height; y++) {
    sum += values[y * width]! + values[y * width + width - 1]!;
    n += 2;
  }
  return sum / n;
}

interface Box {
  left: number;
  top: number;
  /** Exclusive. */
  right: number;
  bottom: number;
}

function inkBoundingBox(width: number, height: number, ink: Float32Array): Box | undefined {
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! > INK_THRESHOLD) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return right < 0 ? undefined : { left, top, right: right + 1, bottom: bottom + 1 };
}

/**
 * Resamples the box of `source` to `outWidth`×`outHeight` by area averaging: each output pixel is the mean of the
 * source area it covers, with partial pixels weighted by their covered fraction. That anti-aliases when shrinking a
 * large canvas drawing (as MNIST's own down-scaling did) and stays exact when enlarging.
 */
function resampleArea(source: Float32Array, sourceWidth: number, box: Box, outWidth: number, outHeight: number) {
  const out = new Float32Array(outWidth * outHeight);
  const stepX = (box.right - box.left) / outWidth;
  const stepY = (box.bottom - box.top) / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = box.top + oy * stepY;
    const y1 = y0 + stepY;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = box.left + ox * stepX;
      const x1 = x0 + stepX;
      let sum = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          sum += wx * wy * source[sy * sourceWidth + sx]!;
        }
      }
      out[oy * outWidth + ox] = sum / (stepX * stepY);
    }
  }
  return out;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
