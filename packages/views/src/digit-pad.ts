/** A point of a stroke, in canvas pixels. */
interface Point {
  x: number;
  y: number;
}

/**
 * The pen width as a share of the pad's side. MNIST's strokes are 2–3 pixels wide in a 20-pixel box; a digit
 * drawn over most of the pad and shrunk to that box keeps the same proportion at about 1/12 of the side.
 */
const PEN_WIDTH_SHARE = 1 / 12;

/**
 * A square canvas to draw a digit on with mouse, pen or touch (pointer events, with the pointer captured so a
 * stroke that leaves the canvas still ends). Strokes are kept as point lists so one can be undone by redrawing
 * the others. The canvas stays transparent where nothing is drawn: the ink is its alpha channel, which is how
 * @nn/mnist's `fromRgba` reads a drawing, whatever the theme's ink colour.
 *
 * `onChange(final)` is called at most once an animation frame while a stroke is drawn (`final` false), and at
 * once when a stroke ends, or on undo and clear (`final` true).
 */
export class DigitPad {
  private readonly strokes: Point[][] = [];
  private current: Point[] | undefined;
  private frameQueued = false;
  private ink = '#ffffff';

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly onChange: (final: boolean) => void,
  ) {
    canvas.addEventListener('pointerdown', (event) => this.down(event));
    canvas.addEventListener('pointermove', (event) => this.move(event));
    canvas.addEventListener('pointerup', (event) => this.up(event));
    canvas.addEventListener('pointercancel', (event) => this.up(event));
  }

  /** Number of strokes drawn (the one being drawn included). */
  get strokeCount(): number {
    return this.strokes.length;
  }

  /** The drawing as RGBA bytes (canvas size), for `fromRgba`. */
  pixels(): ImageData {
    const context = this.context();
    return context.getImageData(0, 0, this.canvas.width, this.canvas.height);
  }

  setInkColor(color: string): void {
    this.ink = color;
    this.redraw();
  }

  undo(): void {
    if (this.current) return;
    this.strokes.pop();
    this.redraw();
    this.onChange(true);
  }

  clear(): void {
    if (this.current) return;
    this.strokes.length = 0;
    this.redraw();
    this.onChange(true);
  }

  private down(event: PointerEvent): void {
    if (this.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.current = [this.at(event)];
    this.strokes.push(this.current);
    this.drawStroke(this.current);
    this.queueChange();
  }

  private move(event: PointerEvent): void {
    if (!this.current || !this.canvas.hasPointerCapture(event.pointerId)) return;
    // Fast pens report several positions per frame; all of them belong to the line.
    const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
    const points = (events.length > 0 ? events : [event]).map((e) => this.at(e));
    const from = this.current.at(-1) as Point;
    this.current.push(...points);
    this.drawStroke([from, ...points]);
    this.queueChange();
  }

  private up(event: PointerEvent): void {
    if (!this.current) return;
    if (this.canvas.hasPointerCapture(event.pointerId)) this.canvas.releasePointerCapture(event.pointerId);
    this.current = undefined;
    // Segments drawn one by one blend their anti-aliased ends twice; a stroke drawn whole is what undo redraws.
    this.redraw();
    this.onChange(true);
  }

  /** Pointer position in canvas pixels (the canvas may be shown at another size than its pixel grid). */
  private at(event: PointerEvent): Point {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * this.canvas.width) / Math.max(1, box.width),
      y: ((event.clientY - box.top) * this.canvas.height) / Math.max(1, box.height),
    };
  }

  private queueChange(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    requestAnimationFrame(() => {
      this.frameQueued = false;
      if (this.current) this.onChange(false);
    });
  }

  private redraw(): void {
    this.context().clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (const stroke of this.strokes) this.drawStroke(stroke);
  }

  private drawStroke(points: Point[]): void {
    const context = this.context();
    const width = this.canvas.width * PEN_WIDTH_SHARE;
    context.strokeStyle = this.ink;
    context.fillStyle = this.ink;
    context.lineWidth = width;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    const [first, ...rest] = points as [Point, ...Point[]];
    if (rest.length === 0) {
      // A tap is a dot: a path of one point draws nothing.
      context.beginPath();
      context.arc(first.x, first.y, width / 2, 0, 2 * Math.PI);
      context.fill();
      return;
    }
    context.beginPath();
    context.moveTo(first.x, first.y);
    for (const point of rest) context.lineTo(point.x, point.y);
    context.stroke();
  }

  private context(): CanvasRenderingContext2D {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('digit pad: the canvas has no 2D context');
    return context;
  }
}
