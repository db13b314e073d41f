import { fromRgba } from '@nn/mnist/browser';
import { DigitPad } from './digit-pad';
import { PadNetwork, type PadPrediction } from './pad-network';
import { PadOutputs } from './pad-outputs';
import type { PadModel } from './view-data';

const SIDE = 28;

/** Where the image the network classifies came from: the pad, or a picture the user picked (its file name). */
type Source = { kind: 'pad' } | { kind: 'picture'; name: string; pixels: Uint8Array };

/**
 * The digit pad with what the network makes of it: the drawing, the 28×28 input exactly as the network gets it
 * (@nn/mnist's `fromRgba`, the preprocessing `nn predict` uses), the class probabilities and the hidden layers'
 * activations. It classifies in the page with the newest weights it was given; a picture from the host (the
 * "Predict Image…" command) is shown in the same place until the user draws again.
 */
export class PadSection {
  private readonly pad: DigitPad;
  private readonly outputs: PadOutputs;
  private network: PadNetwork | undefined;
  private source: Source = { kind: 'pad' };
  private input: Uint8Array = new Uint8Array(SIDE * SIDE);
  /** Whether `askForModel` was called since the last run change: the host streams weights only to a pad in use. */
  private asked = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly askForModel: () => void = () => {},
  ) {
    root.replaceChildren();
    const drawing = document.createElement('div');
    drawing.className = 'pad-drawing';
    const canvas = document.createElement('canvas');
    canvas.className = 'pad-canvas';
    canvas.width = 280;
    canvas.height = 280;
    canvas.setAttribute('aria-label', 'Draw a digit here');
    const buttons = document.createElement('div');
    buttons.className = 'pad-buttons';
    const undo = button('Undo', 'pad-undo');
    const clear = button('Clear', 'pad-clear');
    buttons.append(undo, clear);
    drawing.append(canvas, buttons);
    const outputs = document.createElement('div');
    outputs.className = 'pad-outputs';
    root.append(drawing, outputs);
    this.outputs = new PadOutputs(outputs);
    this.pad = new DigitPad(canvas, () => {
      this.source = { kind: 'pad' };
      this.update();
    });
    // The pointer on its way to the pad already asks, so the weights are there by the first stroke.
    canvas.addEventListener('pointerenter', () => this.want());
    canvas.addEventListener('pointerdown', () => this.want());
    undo.addEventListener('click', () => this.pad.undo());
    clear.addEventListener('click', () => this.pad.clear());
    this.applyTheme();
  }

  /** New weights (or none: a run without a checkpoint yet); the shown image is classified again. */
  setModel(model: PadModel | undefined): void {
    if (!model) this.asked = false;
    try {
      if (!model) this.network = undefined;
      else if (!this.network?.load(model)) this.network = new PadNetwork(model);
    } catch (error) {
      this.network = undefined;
      console.warn(`digit pad: ${(error as Error).message}`);
    }
    this.root.dataset.modelEpoch = String(model?.epoch ?? '');
    this.update();
  }

  /** A picture's preprocessed pixels (from the host, which read the PNG): shown and classified like a drawing. */
  showPicture(name: string, pixels: Uint8Array): void {
    this.want();
    this.source = { kind: 'picture', name, pixels };
    this.update();
  }

  applyTheme(): void {
    const ink = getComputedStyle(this.root).getPropertyValue('--vscode-foreground').trim() || '#cccccc';
    this.pad.setInkColor(ink);
    this.outputs.applyTheme();
    this.update();
  }

  private want(): void {
    if (this.asked) return;
    this.asked = true;
    this.askForModel();
  }

  /** Preprocesses and classifies the shown image: within the frame it was drawn in. */
  private update(): void {
    const started = performance.now();
    if (this.source.kind === 'pad') {
      const { width, height, data } = this.pad.pixels();
      this.input = this.pad.strokeCount > 0 ? fromRgba(width, height, data) : new Uint8Array(SIDE * SIDE);
    } else {
      this.input = this.source.pixels;
    }
    const empty = this.input.every((value) => value === 0);
    let prediction: PadPrediction | undefined;
    if (this.network && !empty && this.network.inputSize === this.input.length) {
      prediction = this.network.predict(this.input);
    }
    this.outputs.show(this.input, prediction, this.caption(empty));
    this.root.dataset.strokes = String(this.pad.strokeCount);
    this.root.dataset.source = this.source.kind;
    // How long preprocessing and inference took, for the tests' one-frame bound (16 ms at 60 Hz).
    this.root.dataset.updateMs = (performance.now() - started).toFixed(2);
  }

  private caption(empty: boolean): string {
    const model = this.network?.model;
    const weights = !model
      ? 'no weights yet: the pad classifies once the run has some'
      : model.batch > 0
        ? `weights of epoch ${model.epoch}, batch ${model.batch}`
        : `weights after epoch ${model.epoch}`;
    if (this.source.kind === 'picture') return `${this.source.name} · ${weights}`;
    return empty ? `Draw a digit above · ${weights}` : weights;
  }
}

function button(text: string, className: string): HTMLButtonElement {
  const node = document.createElement('button');
  node.type = 'button';
  node.textContent = text;
  node.className = className;
  return node;
}
