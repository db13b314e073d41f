import { themeColors } from './theme';
import type { EpochHistograms, HistogramShown } from './units-data';

const WIDTH = 360;
/** Room left of the strips for the epoch labels. */
const MARGIN = 58;

/**
 * One small chart per layer of how its weights spread over the epochs (TensorBoard's distributions as a heat
 * strip): a row per epoch, weight value across on one axis for all epochs, each bin shaded by its density
 * relative to the epoch's peak, so a row reads as that epoch's distribution. Hover for a bin's count.
 */
export class HistogramsView {
  private shown: EpochHistograms[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly caption: HTMLElement,
  ) {}

  clear(): void {
    this.shown = [];
    this.container.replaceChildren();
    this.caption.textContent = 'No weight histograms yet: one is recorded per layer at the end of each epoch.';
  }

  show(epochs: EpochHistograms[]): void {
    this.shown = epochs;
    if (epochs.length === 0) {
      this.clear();
      return;
    }
    const layers = Math.max(...epochs.map((e) => e.layers.length));
    const first = epochs[0]!.epoch;
    const last = epochs.at(-1)!.epoch;
    this.caption.textContent =
      `Each layer's weights after each epoch (${first === last ? `epoch ${first}` : `epochs ${first}–${last}`}): ` +
      'weight value across, epochs down, the stronger the colour the more weights at that value (each epoch to its own peak).';
    const blocks = Array.from({ length: layers }, (_, layer) => this.layerBlock(layer, epochs));
    this.container.replaceChildren(...blocks);
  }

  /** After a theme switch the strips take the new colours. */
  applyTheme(): void {
    if (this.shown.length > 0) this.show(this.shown);
  }

  private layerBlock(layer: number, epochs: EpochHistograms[]): HTMLElement {
    const rows = epochs.flatMap((e) => {
      const histogram = e.layers[layer];
      return histogram ? [{ epoch: e.epoch, histogram }] : [];
    });
    const lo = Math.min(...rows.map((r) => r.histogram.min));
    const hi = Math.max(...rows.map((r) => r.histogram.max));
    const span = hi > lo ? hi - lo : 1;
    const rowHeight = Math.max(4, Math.min(16, Math.floor(200 / rows.length)));
    const block = element('section', 'histogram-block');
    const title = element('h3');
    title.textContent = `Layer ${layer + 1} weights`;
    const canvas = element('canvas', 'histogram') as HTMLCanvasElement;
    canvas.dataset.layer = String(layer);
    canvas.width = WIDTH;
    canvas.height = rows.length * rowHeight;
    canvas.setAttribute('aria-label', `Histogram of layer ${layer + 1}'s weights per epoch`);
    const x = (value: number) => MARGIN + ((value - lo) / span) * (WIDTH - MARGIN - 1);
    this.draw(canvas, rows, rowHeight, x);
    const axis = element('div', 'histogram-x');
    axis.style.marginLeft = `${MARGIN}px`;
    axis.append(
      ...[lo, (lo + hi) / 2, hi].map((v) => {
        const tick = element('span');
        tick.textContent = v.toPrecision(2);
        return tick;
      }),
    );
    const unit = element('div', 'axes');
    unit.textContent = `→ weight value   ↓ epoch ${rows[0]?.epoch ?? ''}…${rows.at(-1)?.epoch ?? ''}`;
    const readout = element('div', 'readout');
    readout.hidden = true;
    canvas.addEventListener('mousemove', (event) => {
      const rect = canvas.getBoundingClientRect();
      const px = ((event.clientX - rect.left - canvas.clientLeft) * canvas.width) / canvas.clientWidth;
      const py = ((event.clientY - rect.top - canvas.clientTop) * canvas.height) / canvas.clientHeight;
      const row = rows[Math.floor(py / rowHeight)];
      readout.hidden = row === undefined || px < MARGIN;
      if (!row || px < MARGIN) return;
      readout.textContent = describeBin(row.epoch, row.histogram, lo + ((px - MARGIN) / (WIDTH - MARGIN - 1)) * span);
      Object.assign(readout.style, { left: `${event.clientX + 14}px`, top: `${event.clientY + 14}px` });
    });
    canvas.addEventListener('mouseleave', () => {
      readout.hidden = true;
    });
    block.append(title, unit, canvas, axis, readout);
    return block;
  }

  private draw(
    canvas: HTMLCanvasElement,
    rows: { epoch: number; histogram: HistogramShown }[],
    rowHeight: number,
    x: (value: number) => number,
  ): void {
    const context = canvas.getContext('2d');
    if (!context) return;
    const colors = themeColors(this.container);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.font = `${Math.min(11, rowHeight)}px sans-serif`;
    context.textBaseline = 'middle';
    const labelEvery = Math.ceil(12 / rowHeight);
    rows.forEach(({ epoch, histogram }, r) => {
      const y = r * rowHeight;
      if (r % labelEvery === 0 || r === rows.length - 1) {
        context.globalAlpha = 1;
        context.fillStyle = colors.foreground;
        context.fillText(`epoch ${epoch}`, 2, y + rowHeight / 2);
      }
      context.fillStyle = colors.train;
      const { min, max, counts } = histogram;
      const width = (max - min) / counts.length;
      if (width === 0) {
        context.globalAlpha = 1;
        context.fillRect(x(min) - 1, y, 2, rowHeight - 1);
        return;
      }
      const peak = Math.max(...counts);
      counts.forEach((count, b) => {
        if (count === 0 || peak === 0) return;
        context.globalAlpha = 0.1 + (0.9 * count) / peak;
        const left = x(min + b * width);
        context.fillRect(left, y, Math.max(1, x(min + (b + 1) * width) - left), rowHeight - 1);
      });
    });
    context.globalAlpha = 1;
  }
}

/** "epoch 3: 1 234 of 100 352 weights in [−0.105, −0.0941)" for the bin holding `value`. */
export function describeBin(epoch: number, histogram: HistogramShown, value: number): string {
  const { min, max, counts } = histogram;
  const total = counts.reduce((a, b) => a + b, 0);
  if (value < min || value > max || min === max) {
    const range = min === max ? `all at ${min.toPrecision(3)}` : `[${min.toPrecision(3)}, ${max.toPrecision(3)}]`;
    return `epoch ${epoch}: no weights at ${value.toPrecision(3)} (all ${total} in ${range})`;
  }
  const width = (max - min) / counts.length;
  const bin = Math.min(counts.length - 1, Math.floor((value - min) / width));
  const from = min + bin * width;
  const close = bin === counts.length - 1 ? ']' : ')';
  return `epoch ${epoch}: ${counts[bin]} of ${total} weights in [${from.toPrecision(3)}, ${(from + width).toPrecision(3)}${close} (bin ${bin + 1} of ${counts.length})`;
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
