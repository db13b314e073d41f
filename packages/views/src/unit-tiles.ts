import type { LayerHeatmap } from './heatmap';
import { type AskForUnitDigits, UnitDigitsView } from './unit-digits-view';
import { deadUnits, orderUnits, pickUnits, UNIT_SORTS, type UnitSort } from './unit-order';
import { UnitPager } from './unit-pager';
import type { UnitDigits, UnitsShown } from './units-data';
import type { WireLayer } from './view-data';

const DEAD_WHY =
  'A dead unit: z = w·x + b ≤ 0 on every test image, so it never fires, passes nothing to the next layer and ' +
  '(with relu) gets no gradient from those images. Often a too-large learning rate pushed its bias down.';

/** Which tiles the user looks at: the order and the page of it (0-based). */
export interface TilesShown {
  sort: UnitSort;
  page: number;
}

/**
 * The first layer's tiles as units: a sort control (as trained, by weight norm, by how often the unit fires) over
 * all the layer's units, paged when they are more than one page of tiles, dead units outlined with a badge and
 * counted, and a click on a tile listing the test digits that excite it most.
 */
export class UnitTiles {
  readonly bar: HTMLElement;
  readonly digitsContainer: HTMLElement;
  private readonly digits: UnitDigitsView;
  private readonly select: HTMLSelectElement;
  private readonly count: HTMLElement;
  private readonly overlays: HTMLElement;
  private readonly pager: UnitPager;
  private readonly waiting: HTMLElement;
  private units: UnitsShown | undefined;

  constructor(
    frame: HTMLElement,
    shown: TilesShown,
    ask: AskForUnitDigits,
    /** The user picked another order (from its first page) or page: the view redraws the tiles. */
    onChange: (shown: TilesShown) => void,
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
    this.select.value = shown.sort;
    this.select.addEventListener('change', () => onChange({ sort: this.sort, page: 0 }));
    label.append(this.select);
    this.pager = new UnitPager(shown.page, (page) => onChange({ sort: this.sort, page }));
    this.waiting = element('span', 'unit-waiting');
    this.waiting.textContent = 'loading the weights of this page…';
    this.waiting.hidden = true;
    this.count = element('span', 'dead-count');
    this.bar.append(label, this.pager.element, this.waiting, this.count);
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

  /**
   * The page of the layer's units in the chosen order (`wanted`), and the rows of it `layer` carries (`drawn`): all
   * of them when the layer came whole (the report), only the page the host last sent in the dashboard.
   */
  arrange(layer: WireLayer, page: number): { drawn: WireLayer; wanted: number[] } {
    const sort = this.units ? this.sort : 'trained';
    const order = orderUnits(layer.rows, sort, this.units);
    const how = UNIT_SORTS.find((s) => s.value === sort)?.label ?? sort;
    const wanted = this.pager.place(order, how, new Set(this.units ? deadUnits(this.units) : []), page);
    const drawn = pickUnits(layer, wanted);
    this.waiting.hidden = drawn.units.length === wanted.length;
    return { drawn, wanted };
  }

  /** The page shown, after `arrange` kept it inside the layer. */
  get page(): number {
    return this.pager.index;
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
    const sampled = drawn.units.length < drawn.rows ? `; ${shown} of them on this page` : '';
    // Named too, so the first few can be found without paging.
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
