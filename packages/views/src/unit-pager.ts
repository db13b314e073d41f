import { MAX_TILES } from './weight-sample';

/** Tiles on one page: as many as the panel draws without becoming a wall of noise. */
export const TILES_PER_PAGE = MAX_TILES;

/**
 * Previous / next and a jump to the dead units, over a layer's units in the chosen order, for a first layer with
 * more units than one page of tiles. It only shows where the user is; the tiles ask it which page to draw.
 */
export class UnitPager {
  readonly element: HTMLElement;
  private readonly label: HTMLElement;
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly dead: HTMLButtonElement;
  private pages = 1;
  private deadPage: number | undefined;

  constructor(
    private page: number,
    /** The user moved to another page (0-based): the tiles redraw. */
    onPage: (page: number) => void,
  ) {
    this.element = element('span', 'unit-pager');
    this.label = element('span', 'unit-page');
    this.previous = button('‹ previous', 'unit-previous', () => onPage(this.page - 1));
    this.next = button('next ›', 'unit-next', () => onPage(this.page + 1));
    this.dead = button('dead units', 'unit-dead-page', () => {
      if (this.deadPage !== undefined) onPage(this.deadPage);
    });
    this.element.append(this.previous, this.label, this.next, this.dead);
  }

  get index(): number {
    return this.page;
  }

  /**
   * The page of `order` (every unit of the layer, ordered as `how` says) to draw: the current one, kept inside the
   * layer. `dead` are the layer's dead units; the jump goes to the page of the first of them in this order.
   */
  place(order: readonly number[], how: string, dead: ReadonlySet<number>, page = this.page): number[] {
    this.pages = Math.max(1, Math.ceil(order.length / TILES_PER_PAGE));
    this.page = Math.min(Math.max(0, page), this.pages - 1);
    const first = this.page * TILES_PER_PAGE;
    const shown = order.slice(first, first + TILES_PER_PAGE);
    const firstDead = order.findIndex((unit) => dead.has(unit));
    this.deadPage = firstDead < 0 ? undefined : Math.floor(firstDead / TILES_PER_PAGE);
    this.element.hidden = this.pages === 1;
    this.element.dataset.page = String(this.page + 1);
    this.element.dataset.pages = String(this.pages);
    this.label.textContent = `units ${first + 1}–${first + shown.length} of ${order.length}, ${how}`;
    this.previous.disabled = this.page === 0;
    this.next.disabled = this.page === this.pages - 1;
    this.dead.disabled = this.deadPage === undefined || this.deadPage === this.page;
    this.dead.title =
      this.deadPage === undefined
        ? 'No dead units in this layer (or no unit statistics recorded).'
        : `Go to page ${this.deadPage + 1}, which holds the first dead unit in this order.`;
    return shown;
  }
}

function button(text: string, className: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', className) as HTMLButtonElement;
  node.type = 'button';
  node.textContent = text;
  node.addEventListener('click', onClick);
  return node;
}

function element(tag: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
