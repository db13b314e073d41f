import type { LayerHeatmap } from './heatmap';
import { type AskForUnitDigits, UnitDigitsView } from './unit-digits-view';
import { deadUnits, sortLayer, UNIT_SORTS, type UnitSort } from './unit-order';
import type { UnitDigits, UnitsShown } from './units-data';
import type { WireLayer } from './view-data';

const DEAD_WHY =
  'A dead unit: z = w·x + b ≤ 0 on every test image, so it never fires, passes nothing to the next layer and ' +
  '(with relu) gets no gradient from those images. Often a too-large learning rate pushed its bias down.';

/**
 * The first layer's tiles as units: a sort control (as trained, by weight norm, by how often the unit fires),
 * dead units outlined with a badge and counted, and a click on a tile listing the test digits that excite it most.
 */
export class UnitTiles {
  readonly bar: HTMLElement;
  readonly digitsContainer: HTMLElement;
  private readonly digits: UnitDigitsView;
  private readonly select: HTMLSelectElement;
  private readonly count: HTMLElement;
  private readonly overlays: HTMLElement;
  private units: UnitsShown | undefined;

  constructor(
    frame: HTMLElement,
    sort: UnitSort,
    ask: AskForUnitDigits,
    /** The user picked another order: the view redraws the tiles. */
    onSort: (sort: UnitSort) => void,
  ) {
    this.bar = element('div', 'controls unit-controls');
    const label = element('label');
    label.textContent = 'Order tiles ';
    this.select = element('select', 'unit-sort') as HTMLSelectElement;
    for (const { value, label: text } of UNIT_SORTS) {
      const option = element('option') as HTMLOptionElement;
      option.value = value;
      option.textContent = text;
      this.select.append(option);
    }
    this.select.value = sort;
    this.select.addEventListener('change', () => onSort(this.select.value as UnitSort));
    label.append(this.select);
    this.count = element('span', 'dead-count');
    this.bar.append(label, this.count);
    this.overlays = element('div', 'unit-overlays');
    frame.append(this.overlays);
    this.digitsContainer = element('div', 'unit-digits');
    this.digits = new UnitDigitsView(this.digitsContainer, ask);
  }

  get sort(): UnitSort {
    return this.select.value as UnitSort;
  }

  setUnits(units: UnitsShown | undefined): void {
    const epochChanged = this.units?.epoch !== units?.epoch;
    this.units = units;
    // The listed digits were the old epoch's top images.
    if (epochChanged) this.digits.clear();
  }

  /** The layer in the chosen order. */
  arrange(layer: WireLayer): WireLayer {
    return sortLayer(layer, this.sort, this.units);
  }

  /** Outlines the dead units among the tiles drawn and says how many the whole layer has. */
  mark(heatmap: LayerHeatmap, drawn: WireLayer): void {
    const { units } = this;
    const canvas = heatmap.canvas;
    canvas.dataset.order = drawn.units.join(',');
    this.select.disabled = !units;
    if (!units) {
      this.count.textContent = 'No unit statistics recorded for this run: no sort by them, no dead units marked.';
      this.count.title = '';
      this.overlays.replaceChildren();
      return;
    }
    const dead = new Set(deadUnits(units));
    const shown = drawn.units.filter((unit) => dead.has(unit)).length;
    const sampled = drawn.units.length < drawn.rows ? `; ${shown} of them among the tiles shown` : '';
    // Named too, so a dead unit outside a big layer's sample of tiles can still be found.
    const names = [...dead].slice(0, 12).join(', ') + (dead.size > 12 ? ', …' : '');
    this.count.textContent =
      dead.size === 0
        ? `No dead units: each of the ${units.active.length} fires on some test images (epoch ${units.epoch}).`
        : `${dead.size} of ${units.active.length} units dead (never fire on the test set, epoch ${units.epoch}): ${dead.size === 1 ? 'unit' : 'units'} ${names}${sampled}, outlined.`;
    this.count.title = DEAD_WHY;
    this.count.dataset.dead = String(dead.size);
    const badges: HTMLElement[] = [];
    drawn.units.forEach((unit, r) => {
      if (!dead.has(unit)) return;
      const box = heatmap.tileBox(r);
      const badge = element('div', 'dead-unit');
      badge.dataset.unit = String(unit);
      const label = element('span', 'dead-badge');
      label.textContent = 'dead';
      badge.append(label);
      badge.title = `Unit ${unit}: never fires on the ${units.testSize} test images. ${DEAD_WHY}`;
      // Fractions of the canvas inside its 1 px border, so the outline stays on its tile when the canvas shrinks.
      const at = (value: number, size: number) => `calc(1px + (100% - 2px) * ${value / size})`;
      Object.assign(badge.style, {
        left: at(box.x, canvas.width),
        top: at(box.y, canvas.height),
        width: `calc((100% - 2px) * ${box.width / canvas.width})`,
        height: `calc((100% - 2px) * ${box.height / canvas.height})`,
      });
      badge.addEventListener('click', () => this.choose(unit));
      badges.push(badge);
    });
    this.overlays.replaceChildren(...badges);
  }

  /** A click on unit `unit`'s tile. */
  choose(unit: number): void {
    this.digits.select(unit, this.units);
  }

  answer(digits: UnitDigits): void {
    this.digits.answer(digits, this.units);
  }

  applyTheme(): void {
    this.digits.redraw(this.units);
  }
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
