import type { PadPrediction } from './pad-network';
import { themeColors } from './theme';

const SIDE = 28;
/** A hidden layer wider than this is drawn as this many columns, each the strongest unit of its group. */
const MAX_STRIP_UNITS = 256;

/**
 * The right half of the digit pad: the 28×28 input as the network gets it (white ink on black, one canvas pixel
 * per input, enlarged by CSS without smoothing), the ten class probabilities as bars with the top one marked, and
 * one strip per hidden layer whose cells brighten with each unit's activation.
 */
export class PadOutputs {
  private readonly input: HTMLCanvasElement;
  private readonly bars: HTMLElement;
  private readonly strips: HTMLElement;
  private readonly caption: HTMLElement;
  private colors = themeColors();

  constructor(root: HTMLElement) {
    this.input = document.createElement('canvas');
    this.input.className = 'pad-input';
    this.input.width = SIDE;
    this.input.height = SIDE;
    this.input.setAttribute('aria-label', 'The 28×28 input the network gets');
    this.bars = document.createElement('div');
    this.bars.className = 'pad-bars';
    this.strips = document.createElement('div');
    this.strips.className = 'pad-strips';
    this.caption = document.createElement('div');
    this.caption.className = 'pad-caption';
    const inputBox = document.createElement('figure');
    const inputLabel = document.createElement('figcaption');
    inputLabel.className = 'pad-input-label';
    inputLabel.textContent = 'network input (28×28)';
    inputBox.append(this.input, inputLabel);
    root.append(this.caption, inputBox, this.bars, this.strips);
  }

  applyTheme(): void {
    this.colors = themeColors();
  }

  show(input: Uint8Array, prediction: PadPrediction | undefined, caption: string): void {
    this.caption.textContent = caption;
    this.drawInput(input);
    this.drawBars(prediction?.probabilities);
    this.drawStrips(prediction?.hidden ?? []);
  }

  private drawInput(input: Uint8Array): void {
    const context = this.input.getContext('2d', { willReadFrequently: true });
    if (!context) return;
    const image = context.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const value = input[i] ?? 0;
      image.data.set([value, value, value, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }

  private drawBars(probabilities: Float32Array | undefined): void {
    let top = -1;
    if (probabilities) {
      top = 0;
      probabilities.forEach((p, digit) => {
        if (p > (probabilities[top] ?? 0)) top = digit;
      });
    }
    this.bars.dataset.digit = top < 0 ? '' : String(top);
    const rows = Array.from({ length: 10 }, (_, digit) => {
      const p = probabilities?.[digit] ?? 0;
      const row = document.createElement('div');
      row.className = digit === top ? 'pad-bar top' : 'pad-bar';
      const label = document.createElement('span');
      label.className = 'pad-bar-digit';
      label.textContent = String(digit);
      const track = document.createElement('span');
      track.className = 'pad-bar-track';
      const fill = document.createElement('span');
      fill.className = 'pad-bar-fill';
      fill.style.width = `${(100 * p).toFixed(1)}%`;
      fill.style.background = digit === top ? this.colors.test : this.colors.train;
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'pad-bar-value';
      value.textContent = probabilities ? `${(100 * p).toFixed(1)}%` : '–';
      row.append(label, track, value);
      return row;
    });
    this.bars.replaceChildren(...rows);
  }

  private drawStrips(hidden: Float32Array[]): void {
    const strips = hidden.map((activations, l) => {
      const box = document.createElement('div');
      box.className = 'pad-strip';
      const label = document.createElement('span');
      label.className = 'pad-strip-label';
      label.textContent = `hidden layer ${l + 1} (${activations.length} units)`;
      const canvas = document.createElement('canvas');
      canvas.className = 'pad-strip-canvas';
      const columns = Math.min(MAX_STRIP_UNITS, activations.length);
      canvas.width = columns;
      canvas.height = 1;
      canvas.setAttribute('aria-label', `Activations of hidden layer ${l + 1}`);
      drawStrip(canvas, activations, columns, this.colors.train);
      box.append(label, canvas);
      return box;
    });
    this.strips.replaceChildren(...strips);
  }
}

/**
 * One cell per unit (or per group of units in a wide layer, showing the group's strongest), its opacity the
 * activation over the layer's largest: which units this image lights up, on the same scale within the layer.
 */
function drawStrip(canvas: HTMLCanvasElement, activations: Float32Array, columns: number, color: string): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const groups = new Float32Array(columns);
  activations.forEach((value, unit) => {
    const column = Math.floor((unit * columns) / activations.length);
    groups[column] = Math.max(groups[column]!, Math.abs(value));
  });
  const max = groups.reduce((a, b) => Math.max(a, b), 0);
  context.clearRect(0, 0, columns, 1);
  context.fillStyle = color;
  groups.forEach((value, column) => {
    context.globalAlpha = max > 0 ? value / max : 0;
    context.fillRect(column, 0, 1, 1);
  });
  context.globalAlpha = 1;
}
