import type { ConfusionShown } from './view-data';

/** A cell of the matrix: the test samples of class `actual` that the network took for `predicted`. */
export interface Cell {
  actual: number;
  predicted: number;
}

/** How strongly a full row share is painted: the count on top must stay readable in every theme. */
const MAX_TINT = 0.85;

const percentOf = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–');

/**
 * The test set's confusion matrix as a table: rows are the true classes, columns the predicted ones, each cell
 * its count, tinted by its share of the row (what fraction of that digit went there), right answers in one theme
 * colour and mistakes in another. The margins: recall per row (right / all of the class) and precision per column
 * (right / all predicted as the class). Cells are buttons; a click (or Enter) asks for that cell's digits.
 * Plain DOM over plain data, so the report page can use it as it is.
 */
export class ConfusionView {
  private selected: Cell | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly caption: HTMLElement,
    private readonly onCell: (cell: Cell) => void,
  ) {}

  clear(): void {
    this.selected = undefined;
    this.container.replaceChildren();
    this.caption.textContent = 'No confusion matrix yet: it appears after the first epoch, from the test set.';
  }

  show(confusion: ConfusionShown, classNames: readonly string[] = []): void {
    const { counts } = confusion;
    const n = counts.length;
    const name = (c: number) => classNames[c] ?? String(c);
    const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
    const columnTotals = counts.map((_, c) => counts.reduce((sum, row) => sum + (row[c] ?? 0), 0));
    const total = rowTotals.reduce((a, b) => a + b, 0);
    const right = counts.reduce((sum, row, c) => sum + (row[c] ?? 0), 0);
    this.caption.textContent =
      `Test set after epoch ${confusion.epoch}: ${total} digits, ${right} right (${percentOf(right, total)}). ` +
      'Rows: true digit; columns: predicted. Colour: share of the row. Click a cell for its digits.';

    const table = document.createElement('table');
    table.className = 'confusion';
    const head = table.createTHead().insertRow();
    head.append(th('true ↓ predicted →', 'corner'), ...counts.map((_, c) => th(name(c))), th('recall', 'margin'));
    const body = table.createTBody();
    counts.forEach((row, actual) => {
      const tr = body.insertRow();
      tr.append(th(name(actual)));
      row.forEach((count, predicted) => {
        tr.append(this.cell({ actual, predicted }, count, rowTotals[actual] ?? 0));
      });
      tr.append(td(percentOf(row[actual] ?? 0, rowTotals[actual] ?? 0), 'margin recall'));
    });
    const foot = table.createTFoot().insertRow();
    foot.append(th('precision', 'margin'));
    for (let c = 0; c < n; c++)
      foot.append(td(percentOf(counts[c]?.[c] ?? 0, columnTotals[c] ?? 0), 'margin precision'));
    foot.append(td(percentOf(right, total), 'margin accuracy'));
    this.container.replaceChildren(table);
    if (this.selected) this.mark(this.selected);
  }

  /** Outlines the cell whose digits are listed. */
  mark(cell: Cell | undefined): void {
    this.selected = cell;
    for (const node of Array.from(this.container.querySelectorAll('td.selected'))) node.classList.remove('selected');
    if (cell) this.container.querySelector(cellSelector(cell))?.classList.add('selected');
  }

  private cell(cell: Cell, count: number, rowTotal: number): HTMLTableCellElement {
    const node = td(String(count), cell.actual === cell.predicted ? 'cell right' : 'cell wrong');
    node.dataset.actual = String(cell.actual);
    node.dataset.predicted = String(cell.predicted);
    node.title = `true ${cell.actual}, predicted ${cell.predicted}: ${count} (${percentOf(count, rowTotal)} of the row)`;
    // A custom property, not a colour: the stylesheet mixes it with the theme's colour, so a theme switch repaints.
    node.style.setProperty('--share', String(rowTotal > 0 ? (MAX_TINT * count) / rowTotal : 0));
    if (count > 0) {
      node.tabIndex = 0;
      node.setAttribute('role', 'button');
      const open = () => {
        this.mark(cell);
        this.onCell(cell);
      };
      node.addEventListener('click', open);
      node.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') open();
      });
    } else {
      node.classList.add('empty');
    }
    return node;
  }
}

export function cellSelector(cell: Cell): string {
  return `td[data-actual="${cell.actual}"][data-predicted="${cell.predicted}"]`;
}

function th(text: string, className = ''): HTMLTableCellElement {
  const node = document.createElement('th');
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function td(text: string, className: string): HTMLTableCellElement {
  const node = document.createElement('td');
  node.textContent = text;
  node.className = className;
  return node;
}
