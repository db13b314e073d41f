import { type CellDigits, CellDigitsView } from './cell-digits-view';
import { type Cell, ConfusionView } from './confusion-view';
import type { ConfusionShown } from './view-data';

/** Where a cell's digits come from: the extension host (a message round trip) or the report's embedded data. */
export type AskForDigits = (cell: Cell, epoch: number) => void;

/**
 * The confusion matrix with the digit list under it: a click asks `ask` for the cell's digits, and only the answer
 * for the cell last asked about, of the matrix shown, is drawn (a slow answer to an older click is dropped).
 */
export class ConfusionSection {
  private readonly matrix: ConfusionView;
  private readonly digits: CellDigitsView;
  private shown: ConfusionShown | undefined;
  private asked: (Cell & { epoch: number }) | undefined;

  constructor(matrix: HTMLElement, caption: HTMLElement, digits: HTMLElement, ask: AskForDigits) {
    this.digits = new CellDigitsView(digits);
    this.matrix = new ConfusionView(matrix, caption, (cell) => {
      if (!this.shown) return;
      this.asked = { ...cell, epoch: this.shown.epoch };
      this.digits.loading(cell);
      ask(cell, this.shown.epoch);
    });
  }

  /** A new matrix (or none): the listed digits belong to the old one, so they go. */
  show(confusion: ConfusionShown | undefined): void {
    this.shown = confusion;
    this.asked = undefined;
    this.digits.clear();
    this.matrix.mark(undefined);
    if (confusion) this.matrix.show(confusion);
    else this.matrix.clear();
  }

  /** The digits of a cell of `epoch`; drawn only when they answer the newest click on the matrix shown. */
  answer(epoch: number, digits: CellDigits): void {
    const asked = this.asked;
    if (!asked || asked.epoch !== epoch || asked.actual !== digits.actual || asked.predicted !== digits.predicted) {
      return;
    }
    this.digits.show(digits);
  }

  /** After a theme switch: the table follows by itself (CSS variables); the digits' ink is redrawn. */
  applyTheme(): void {
    this.digits.redraw();
  }
}
