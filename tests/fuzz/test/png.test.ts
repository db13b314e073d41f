import { DigitImageError, fromPng, toPng } from '@nn/mnist';
import fc from 'fast-check';
import { encode } from 'fast-png';
import { expect, it } from 'vitest';
import { fuzzParser } from './support/fuzz-parser';
import { hostileCount, mutatedFiles } from './support/mutations';

const digit = new Uint8Array(28 * 28).map((_, i) =>
  ((i % 28) - 14) ** 2 + (Math.floor(i / 28) - 14) ** 2 < 40 ? 255 : 0,
);
const rgba = new Uint8Array(12 * 9 * 4).map((_, i) => (i * 37) % 256);
const validPngs = [
  toPng(digit),
  encode({ width: 12, height: 9, data: rgba, channels: 4, depth: 8 }),
  encode({ width: 6, height: 5, data: new Uint16Array(30).map((_, i) => i * 2000), channels: 1, depth: 16 }),
  encode({
    width: 4,
    height: 4,
    data: new Uint8Array(16).map((_, i) => i % 3),
    channels: 1,
    depth: 8,
    palette: [
      [0, 0, 0],
      [128, 128, 128],
      [255, 255, 255],
    ],
  }),
];

/** A PNG with its IHDR size replaced (the CRC is not checked): the size limit and the inflate bound come first. */
function resized(png: Uint8Array, width: number, height: number): Uint8Array {
  const out = png.slice();
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return out;
}

/** 2000×2500 grey pixels (5 MB inflated) behind an IHDR that claims 10×10: a decompression bomb. */
const bomb = resized(encode({ width: 2000, height: 2500, data: new Uint8Array(5e6), channels: 1, depth: 8 }), 10, 10);
const hostileSizes = fc
  .tuple(fc.constantFrom(...validPngs), hostileCount, hostileCount)
  .map(([png, width, height]) => resized(png, width, height));

it('PNG pictures: hostile files give only DigitImageError', () => {
  const report = fuzzParser({
    name: 'png',
    inputs: fc.oneof(mutatedFiles([...validPngs, bomb]), hostileSizes),
    parse: fromPng,
    allowed: [DigitImageError],
    size: (bytes) => bytes.length,
  });
  expect(report.refused).toBeGreaterThan(report.cases / 10);
  expect(report.accepted).toBeGreaterThan(0);
});
