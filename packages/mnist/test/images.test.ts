import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import {
  augmentImage,
  bundledMnistDir,
  centreOfMass,
  DigitAugmenter,
  DigitImageError,
  fromPng,
  fromRgba,
  loadMnist,
  toPng,
} from '../src/index';

/** A canvas-like RGBA picture: white paper with a dark filled ellipse (a crude "0") off-centre. */
function drawEllipse(width: number, height: number, cx: number, cy: number, rx: number, ry: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      if (d <= 1 && d >= 0.45) rgba.fill(20, 4 * (y * width + x), 4 * (y * width + x) + 3);
    }
  }
  return rgba;
}

function inkBox(image: Uint8Array): { width: number; height: number } {
  let left = 28;
  let right = -1;
  let top = 28;
  let bottom = -1;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (image[y * 28 + x]! > 25) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { width: right - left + 1, height: bottom - top + 1 };
}

describe('fromRgba: MNIST-style preprocessing', () => {
  it('centres an off-centre, wrongly scaled dark-on-light drawing by its centre of mass', () => {
    const image = fromRgba(300, 200, drawEllipse(300, 200, 230, 60, 30, 50));
    const [x, y] = centreOfMass(image, 28, 28);
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(1);
    // The taller side fits the 20-pixel box; the aspect ratio (3:5) is kept.
    const box = inkBox(image);
    expect(box.height).toBe(20);
    expect(box.width).toBeGreaterThanOrEqual(11);
    expect(box.width).toBeLessThanOrEqual(13);
    // Ink is bright and the background black, as in MNIST.
    expect(image[0]).toBe(0);
    expect(Math.max(...image)).toBe(255);
  });

  it('reads ink from alpha when drawn on a transparent canvas, and enlarges a tiny digit', () => {
    const rgba = new Uint8Array(64 * 64 * 4);
    for (let y = 3; y < 9; y++) rgba.set([0, 0, 0, 255], 4 * (y * 64 + 50));
    const image = fromRgba(64, 64, rgba);
    expect(inkBox(image).height).toBe(20);
    const [x, y] = centreOfMass(image, 28, 28);
    expect(Math.abs(x - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(y - 14)).toBeLessThanOrEqual(1);
  });

  it('leaves a real MNIST digit nearly unchanged', async () => {
    const test = await loadMnist({ split: 'test', dir: bundledMnistDir(import.meta.url) });
    const digit = test.images.slice(784, 2 * 784);
    const rgba = new Uint8Array(784 * 4);
    for (let i = 0; i < 784; i++) rgba.set([digit[i]!, digit[i]!, digit[i]!, 255], 4 * i);
    const again = fromRgba(28, 28, rgba);
    // MNIST digits already fill 20 pixels and sit at their centre of mass, so little may change.
    let difference = 0;
    for (let i = 0; i < 784; i++) difference += Math.abs(again[i]! - digit[i]!);
    expect(difference / digit.reduce((a, b) => a + b, 0)).toBeLessThan(0.05);
  });

  it('gives a blank image for a blank picture and names wrong sizes', () => {
    expect(fromRgba(10, 10, new Uint8Array(400).fill(255)).every((v) => v === 0)).toBe(true);
    expect(() => fromRgba(10, 10, new Uint8Array(399))).toThrow(DigitImageError);
  });
});

describe('PNG', () => {
  it('toPng writes a 28×28 greyscale PNG that decodes to the same pixels', async () => {
    const image = new Uint8Array(784).map((_, i) => i % 256);
    const png = toPng(image);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
    const { decode } = await import('fast-png');
    const decoded = decode(png);
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([28, 28, 1]);
    expect(Array.from(decoded.data)).toEqual(Array.from(image));
    expect(Array.from(decode(toPng(Float32Array.from([0, 0.5, 1, 2]), 2, 2)).data)).toEqual([0, 128, 255, 255]);
  });

  it('fromPng preprocesses an RGB drawing like fromRgba', () => {
    const rgba = drawEllipse(90, 90, 30, 60, 15, 20);
    const rgb = new Uint8Array(90 * 90 * 3);
    for (let i = 0; i < 90 * 90; i++) rgb.set(rgba.subarray(4 * i, 4 * i + 3), 3 * i);
    const png = encode({ width: 90, height: 90, data: rgb, channels: 3, depth: 8 });
    expect(Array.from(fromPng(png))).toEqual(Array.from(fromRgba(90, 90, rgba)));
  });

  it('throws DigitImageError for bytes that are not a PNG', () => {
    expect(() => fromPng(Uint8Array.from([1, 2, 3]))).toThrow(DigitImageError);
  });
});

describe('augmentation', () => {
  const digit = new Uint8Array(784);
  for (let y = 6; y < 22; y++) for (let x = 12; x < 16; x++) digit[y * 28 + x] = 255;

  it('is reproducible from its seed and differs between seeds', () => {
    expect(Array.from(augmentImage(digit, { seed: 3 }))).toEqual(Array.from(augmentImage(digit, { seed: 3 })));
    expect(Array.from(augmentImage(digit, { seed: 3 }))).not.toEqual(Array.from(augmentImage(digit, { seed: 4 })));
  });

  it('gives sample i of epoch e the same image whether the epoch runs from the start or is resumed at i', () => {
    const options = { seed: 5, maxShift: 2, maxRotation: 10, elastic: false } as const;
    const images = Array.from({ length: 6 }, (_, i) => digit.map((v, p) => (p % 28 === 12 + (i % 4) ? 255 : v)));
    // The uninterrupted run: epoch 1, then epoch 2 from its first sample.
    const whole = new DigitAugmenter(options);
    const seen: Float32Array[] = [];
    for (const epoch of [1, 2]) {
      images.forEach((image, i) => {
        const out = whole.apply(image, new Float32Array(784), epoch, i) as Float32Array;
        if (epoch === 2) seen.push(out);
      });
    }
    // A new process resumes epoch 2 at sample 3, with a fresh augmenter.
    const resumed = new DigitAugmenter(options);
    for (let i = 3; i < images.length; i++) {
      expect(resumed.apply(images[i]!, new Float32Array(784), 2, i)).toEqual(seen[i]);
    }
    expect(seen[3]).not.toEqual(whole.apply(images[3]!, new Float32Array(784), 1, 3));
    expect(seen[3]).not.toEqual(whole.apply(images[3]!, new Float32Array(784), 2, 4));
  });

  it('may write over its input: the result is the same as into another array', () => {
    const augmenter = new DigitAugmenter({ seed: 2 });
    const expected = augmenter.apply(Float32Array.from(digit), new Float32Array(784), 3, 8);
    const inPlace = Float32Array.from(digit);
    augmenter.apply(inPlace, inPlace, 3, 8);
    expect(inPlace).toEqual(expected);
  });

  it('is the identity with every transform turned off', () => {
    const same = augmentImage(digit, { maxShift: 0, maxRotation: 0, elastic: false });
    expect(Array.from(same)).toEqual(Array.from(digit));
  });

  it('keeps the digit near the centre and most of its ink with the default small transforms', () => {
    const augmenter = new DigitAugmenter({ seed: 9 });
    const out = new Uint8Array(784);
    const inkBefore = digit.reduce((a, b) => a + b, 0);
    const ratios: number[] = [];
    for (let n = 0; n < 50; n++) {
      augmenter.apply(digit, out, 1, n);
      const [x, y] = centreOfMass(out, 28, 28);
      expect(Math.hypot(x - 13.5, y - 13.5)).toBeLessThan(4.5);
      const ink = out.reduce((a, b) => a + b, 0);
      ratios.push(ink / inkBefore);
    }
    // Elastic stretching thins or thickens a stroke locally, but on average ink is kept.
    expect(Math.min(...ratios)).toBeGreaterThan(0.6);
    expect(Math.max(...ratios)).toBeLessThan(1.6);
    expect(ratios.reduce((a, b) => a + b) / ratios.length).toBeCloseTo(1, 1);
  });

  it('rotates about the centre: off-centre ink turns around the middle, keeping its distance from it', () => {
    // A bar from the middle to the right edge: its centre of mass sits 6 pixels right of the image's centre.
    const bar = new Uint8Array(784);
    for (let y = 13; y <= 14; y++) for (let x = 14; x <= 25; x++) bar[y * 28 + x] = 255;
    const [bx, by] = centreOfMass(bar, 28, 28);
    const moves: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const rotated = augmentImage(bar, { maxShift: 0, maxRotation: 90, elastic: false, seed });
      const [x, y] = centreOfMass(rotated, 28, 28);
      // Turned about (13.5, 13.5): the same distance from it (a rotation about another point would change it) …
      expect(Math.hypot(x - 13.5, y - 13.5)).toBeCloseTo(Math.hypot(bx - 13.5, by - 13.5), 0);
      moves.push(Math.hypot(x - bx, y - by));
    }
    // … and moved: angles drawn up to 90° carry it pixels away (a rotation that did nothing would leave it).
    expect(Math.max(...moves)).toBeGreaterThan(3);
  });

  describe('warp', () => {
    const still = { maxShift: 0, maxRotation: 0, elastic: false } as const;

    it('is off unless asked for, and changes nothing with a zero displacement', () => {
      const options = { seed: 4, maxShift: 2, maxRotation: 10, elastic: false } as const;
      expect(Array.from(augmentImage(digit, { ...options, warp: false }))).toEqual(
        Array.from(augmentImage(digit, options)),
      );
      const flat = augmentImage(digit, { ...options, warp: { points: 5, maxDisplacement: 0 } });
      expect(Array.from(flat)).toEqual(Array.from(augmentImage(digit, options)));
    });

    it('bends the strokes a little, differently per sample, keeping the ink near where it was', () => {
      const augmenter = new DigitAugmenter({ ...still, seed: 6, warp: { points: 5, maxDisplacement: 2 } });
      const inkBefore = digit.reduce((a, b) => a + b, 0);
      const [bx, by] = centreOfMass(digit, 28, 28);
      const outputs: number[][] = [];
      for (let n = 0; n < 20; n++) {
        const out = augmenter.apply(digit, new Float32Array(784), 0, n) as Float32Array;
        outputs.push(Array.from(out));
        const changed = out.filter((v, i) => Math.abs(v - digit[i]!) > 1).length;
        expect(changed).toBeGreaterThan(0);
        const [x, y] = centreOfMass(out, 28, 28);
        expect(Math.hypot(x - bx, y - by)).toBeLessThan(2);
        const ink = out.reduce((a, b) => a + b, 0) / inkBefore;
        expect(ink).toBeGreaterThan(0.7);
        expect(ink).toBeLessThan(1.3);
      }
      expect(outputs[0]).not.toEqual(outputs[1]);
    });

    it('refuses a grid it cannot spread over the image, or a displacement out of range', () => {
      for (const warp of [
        { points: 1, maxDisplacement: 2 },
        { points: 2.5, maxDisplacement: 2 },
        { points: 29, maxDisplacement: 2 },
      ]) {
        expect(() => new DigitAugmenter({ warp })).toThrow(/warp points must be an integer from 2 to 28/);
      }
      for (const maxDisplacement of [-1, Number.NaN, 40]) {
        expect(() => new DigitAugmenter({ warp: { points: 5, maxDisplacement } })).toThrow(/warp maxDisplacement/);
      }
    });
  });
});
