import type { Cell } from './confusion-view';

/** One cell's digits as a view draws them: pixels `size`×`size` bytes per sample, one after another. */
export interface CellDigits extends Cell {
  samples: { index: number; probability: number }[];
  size: number;
  pixels: Uint8Array;
  /** Why there are no digits to show, when there are none. */
  problem?: string;
}

/** Each digit is drawn at this many screen pixels per image pixel: 28 → 56 px, big enough to read the stroke. */
export const ZOOM = 2;

/**
 * The test digits of one confusion cell, worst first, each with its test-set index, true and predicted label
 * and the probability the network gave. Ink is drawn in the theme's foreground colour on the page background,
 * so digits read in light, dark and high-contrast themes alike.
 */
export class CellDigitsView {
  private shown: CellDigits | undefined;

  constructor(private readonly container: HTMLElement) {}

  clear(): void {
    this.shown = undefined;
    this.container.replaceChildren();
  }

  loading(cell: Cell): void {
    this.shown = undefined;
    this.container.replaceChildren(
      paragraph(`Test digits of true ${cell.actual}, predicted ${cell.predicted}: loading…`),
    );
  }

  show(digits: CellDigits): void {
    this.shown = digits;
    const { actual, predicted, samples } = digits;
    const order = actual === predicted ? 'least confident first' : 'most confident mistakes first';
    const heading = digits.problem
      ? `No digits for true ${actual}, predicted ${predicted}: ${digits.problem}.`
      : `Test digits of true ${actual}, predicted ${predicted}: ${samples.length} shown, ${order}.`;
    const list = document.createElement('div');
    list.className = 'digit-list';
    const ink = inkColour(this.container);
    const area = digits.size * digits.size;
    samples.forEach((sample, i) => {
      const figure = document.createElement('figure');
      figure.className = 'digit';
      figure.dataset.index = String(sample.index);
      const canvas = document.createElement('canvas');
      canvas.width = digits.size;
      canvas.height = digits.size;
      canvas.style.width = `${digits.size * ZOOM}px`;
      canvas.style.height = `${digits.size * ZOOM}px`;
      drawDigit(canvas, digits.pixels.subarray(i * area, (i + 1) * area), ink);
      const caption = document.createElement('figcaption');
      caption.textContent = `#${sample.index} · true ${actual} · predicted ${predicted} · ${(100 * sample.probability).toFixed(1)}%`;
      figure.append(canvas, caption);
      list.append(figure);
    });
    this.container.replaceChildren(paragraph(heading), list);
  }

  /** After a theme switch: the ink takes the new foreground colour. */
  redraw(): void {
    if (this.shown) this.show(this.shown);
  }
}

function paragraph(text: string): HTMLParagraphElement {
  const node = document.createElement('p');
  node.className = 'digits-heading';
  node.textContent = text;
  return node;
}

/** The computed foreground colour as RGB, read back through a 1×1 canvas so any CSS colour syntax works. */
export function inkColour(element: Element): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  if (!context) return [128, 128, 128];
  context.fillStyle = getComputedStyle(element).color;
  context.fillRect(0, 0, 1, 1);
  const [r = 128, g = 128, b = 128] = context.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}

/** MNIST pixels are ink amounts (0 paper … 255 ink): each becomes the ink colour at that opacity. */
export function drawDigit(canvas: HTMLCanvasElement, pixels: Uint8Array, [r, g, b]: [number, number, number]): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < pixels.length; i++) {
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = pixels[i] ?? 0;
  }
  context.putImageData(image, 0, 0);
}
