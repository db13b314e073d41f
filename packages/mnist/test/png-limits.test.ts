import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../src/idx/crc32';
import { MAX_PNG_SIDE } from '../src/images/png';
import { DigitImageError, fromPng } from '../src/index';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG built chunk by chunk: IHDR (8-bit, given colour type), optional PLTE, one IDAT of `pixels` deflated. */
function png(width: number, height: number, colourType: number, raw: Uint8Array, palette?: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, colourType, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(palette ? [chunk('PLTE', palette)] : []),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function expectImageError(bytes: Uint8Array, message: RegExp): void {
  expect(() => fromPng(bytes)).toThrow(DigitImageError);
  expect(() => fromPng(bytes)).toThrow(message);
}

describe('PNG pictures are sized before they are inflated', () => {
  it('a picture over the side limit is refused from IHDR, before its pixels', () => {
    // 20000×20000 grey needs 400 MB of pixels; one row of them is enough to show the check comes first.
    expectImageError(png(20_000, 20_000, 0, new Uint8Array(20_001)), /20000×20000 pixels; at most 2048×2048/);
    expectImageError(png(MAX_PNG_SIDE + 1, 1, 0, new Uint8Array(MAX_PNG_SIDE + 2)), /2049×1 pixels/);
  });

  it('pixel data that inflates far past the declared size is refused', () => {
    // A 10×10 grey picture needs 110 bytes; this stream holds 5 MB.
    expectImageError(png(10, 10, 0, new Uint8Array(5_000_000)), /10×10 picture: zlib stream inflates to more than/);
  });

  it('a picture within the limit with honest data still decodes', () => {
    const side = 64;
    const raw = new Uint8Array(side * (side + 1));
    for (let y = 20; y < 40; y++) raw.fill(255, y * (side + 1) + 21, y * (side + 1) + 41);
    const image = fromPng(png(side, side, 0, raw));
    expect(Math.max(...image)).toBe(255);
  });

  it('a palette index past the palette is a DigitImageError', () => {
    const raw = new Uint8Array([0, 0, 5, 0, 0, 0, 0]);
    expectImageError(png(3, 2, 3, raw, new Uint8Array([0, 0, 0, 255, 255, 255])), /palette/i);
  });
});
