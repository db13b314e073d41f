import { drawDigit, inkColour, ZOOM } from './cell-digits-view';
import type { UnitDigits, UnitsShown } from './units-data';

/** Where a unit's digits come from: the extension host (a message round trip) or the report's embedded data. */
export type AskForUnitDigits = (unit: number, epoch: number) => void;

/**
 * The test digits that excite one first-layer unit most, highest z first, with what the unit does on the test set.
 * Only the answer for the unit last clicked, of the statistics shown, is drawn (a slow answer to an older click is
 * dropped). Ink is the theme's foreground, as for a confusion cell's digits.
 */
export class UnitDigitsView {
  private asked: { unit: number; epoch: number } | undefined;
  private shown: UnitDigits | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly ask: AskForUnitDigits,
  ) {}

  clear(): void {
    this.asked = undefined;
    this.shown = undefined;
    this.container.replaceChildren();
  }

  /** A click on `unit`'s tile. */
  select(unit: number, units: UnitsShown | undefined): void {
    this.shown = undefined;
    if (!units) {
      this.asked = undefined;
      this.container.replaceChildren(
        heading(`Unit ${unit}: this run recorded no unit statistics (it predates them, or no epoch has finished).`),
      );
      return;
    }
    this.asked = { unit, epoch: units.epoch };
    this.container.dataset.unit = String(unit);
    this.container.replaceChildren(heading(`${describeUnit(unit, units)} Loading its top test digits…`));
    this.ask(unit, units.epoch);
  }

  answer(digits: UnitDigits, units: UnitsShown | undefined): void {
    const asked = this.asked;
    if (!asked || !units || asked.unit !== digits.unit || asked.epoch !== digits.epoch) return;
    this.shown = digits;
    const title = digits.problem
      ? `${describeUnit(digits.unit, units)} No digits: ${digits.problem}.`
      : `${describeUnit(digits.unit, units)} The ${digits.samples.length} test digits that excite it most, highest first:`;
    const list = document.createElement('div');
    list.className = 'digit-list';
    const ink = inkColour(this.container);
    const area = digits.size * digits.size;
    digits.samples.forEach((sample, i) => {
      const figure = document.createElement('figure');
      figure.className = 'digit';
      figure.dataset.index = String(sample.index);
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = digits.size;
      canvas.style.width = canvas.style.height = `${digits.size * ZOOM}px`;
      drawDigit(canvas, digits.pixels.subarray(i * area, (i + 1) * area), ink);
      const caption = document.createElement('figcaption');
      caption.textContent = `#${sample.index} · a = ${sample.activation.toPrecision(3)}`;
      figure.append(canvas, caption);
      list.append(figure);
    });
    this.container.replaceChildren(heading(title), list);
  }

  /** After a theme switch: the ink takes the new foreground colour. */
  redraw(units: UnitsShown | undefined): void {
    const shown = this.shown;
    if (shown) this.answer(shown, units);
  }
}

/** "Unit 17 (relu) fires on 2 345 of 10 000 test images (23.5 %), weight norm 3.21." */
export function describeUnit(unit: number, units: UnitsShown): string {
  const active = units.active[unit] ?? 0;
  const norm = (units.weightNorms[unit] ?? 0).toPrecision(3);
  const share = units.testSize > 0 ? ` (${((100 * active) / units.testSize).toFixed(1)}%)` : '';
  const fires =
    active === 0
      ? `never fires on the ${units.testSize} test images: a dead unit`
      : `fires on ${active} of ${units.testSize} test images${share}`;
  return `Unit ${unit} ${fires}, weight norm ${norm} (epoch ${units.epoch}).`;
}

function heading(text: string): HTMLParagraphElement {
  const node = document.createElement('p');
  node.className = 'digits-heading';
  node.textContent = text;
  return node;
}
