import { CompareView } from '@nn/views/compare-view';
import type { CompareMessage, HistoryMessage, HistoryRequest, HistoryRun } from '../protocol';

/** The parts of the page the history fills. */
export interface HistoryElements {
  caption: HTMLElement;
  empty: HTMLElement;
  table: HTMLTableElement;
  compare: HTMLElement;
  compareCaption: HTMLElement;
  compareAccuracy: HTMLCanvasElement;
  compareLoss: HTMLCanvasElement;
  compareTable: HTMLElement;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A start time as the run folders name it (local time), to the minute. */
function dateOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

function durationOf(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${two(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${two(Math.floor(s / 60) % 60)} min`;
}

/**
 * The runs folder's runs, newest first: recipe, key settings, test accuracy, date, duration and status, each with
 * Open, Reveal and Delete. Ticking two or more asks the host to compare them; the comparison is @nn/views'
 * CompareView, the one `nn report --compare` draws. Requests name runs by id only; the host resolves them.
 */
export class HistorySection {
  private runs: HistoryRun[] = [];
  private selected: string[] = [];
  private compared: CompareMessage | undefined;
  private readonly view: CompareView;

  constructor(
    private readonly parts: HistoryElements,
    private readonly request: (message: HistoryRequest) => void,
    /** Told the ids ticked, so the page can keep them across reloads. */
    private readonly onSelect: (ids: string[]) => void,
    /** The ids a reloaded page had ticked: compared again once the list shows they are still there. */
    initial: string[] = [],
  ) {
    this.selected = initial;
    this.view = new CompareView(parts.compareAccuracy, parts.compareLoss, parts.compareTable);
  }

  /** The ids ticked, in the order the history lists them. */
  get selection(): readonly string[] {
    return this.selected;
  }

  show(message: HistoryMessage): void {
    this.runs = message.runs;
    const { caption, empty, table } = this.parts;
    caption.textContent = `Runs in ${message.folder}, newest first. Tick two or more to compare them.`;
    empty.hidden = message.runs.length > 0;
    table.hidden = message.runs.length === 0;
    const head = document.createElement('tr');
    for (const title of [
      '',
      'run',
      'recipe',
      'settings',
      'test accuracy',
      'epochs',
      'started',
      'duration',
      'status',
      '',
    ])
      head.append(Object.assign(document.createElement('th'), { textContent: title }));
    table.replaceChildren(head, ...message.runs.map((run) => this.row(run)));
    // A deleted run leaves the selection; the comparison follows what is still ticked.
    this.select(this.selected.filter((id) => this.runs.some((run) => run.id === id)));
  }

  /** Shows a comparison the host sent (asked for by the page or by NN: Compare Runs…): its runs become the ticked ones. */
  showComparison(message: CompareMessage): void {
    const listed = message.runs.map((run) => run.id).filter((id) => this.runs.some((run) => run.id === id));
    if (listed.length === message.runs.length && listed.join('\n') !== this.selected.join('\n')) {
      this.selected = listed;
      this.onSelect(listed);
    }
    for (const box of Array.from(this.parts.table.querySelectorAll<HTMLInputElement>('input[type=checkbox]')))
      box.checked = this.selected.includes(box.value);
    this.compared = message;
    this.draw();
  }

  /** Ticks `ids` (a restored page's selection, or the user's) and asks for their comparison when two or more. */
  select(ids: string[]): void {
    const changed = ids.join('\n') !== this.selected.join('\n');
    this.selected = ids;
    for (const box of Array.from(this.parts.table.querySelectorAll<HTMLInputElement>('input[type=checkbox]')))
      box.checked = ids.includes(box.value);
    if (changed) this.onSelect(ids);
    if (ids.length >= 2 && (changed || !this.compared)) this.request({ type: 'compareRuns', runIds: ids });
    if (ids.length < 2) {
      this.compared = undefined;
      this.draw();
    }
  }

  /** Redraws the comparison in the theme's colours. */
  applyTheme(): void {
    if (this.compared) this.draw();
  }

  private draw(): void {
    const { compare, compareCaption } = this.parts;
    const message = this.compared;
    compare.hidden = message === undefined;
    document.body.dataset.compared = message ? message.runs.map((run) => run.id).join(' ') : '';
    if (!message) return;
    if (message.problem || message.runs.length < 2) {
      compareCaption.textContent = message.problem ?? 'Tick two runs or more to compare them.';
      document.body.dataset.compareLines = '0';
      this.view.show([]);
      return;
    }
    compareCaption.textContent = `${message.runs.length} runs: test accuracy and loss by epoch, and the settings that differ.`;
    const drawn = this.view.show(message.runs);
    document.body.dataset.compareLines = String(drawn.accuracyLines);
    document.body.dataset.differingSettings = String(drawn.rows);
  }

  private row(run: HistoryRun): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.runId = run.id;
    row.dataset.status = run.status;
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: run.id });
    box.setAttribute('aria-label', `compare ${run.id}`);
    box.addEventListener('change', () => {
      const ticked = new Set(this.selected);
      if (box.checked) ticked.add(run.id);
      else ticked.delete(run.id);
      this.select(this.runs.map((r) => r.id).filter((id) => ticked.has(id)));
    });
    const cell = (text: string) => Object.assign(document.createElement('td'), { textContent: text });
    const accuracy = run.testAccuracy === undefined ? '—' : `${(run.testAccuracy * 100).toFixed(2)}%`;
    const tick = document.createElement('td');
    tick.append(box);
    row.append(
      tick,
      cell(run.id),
      cell(run.recipe),
      cell(run.settings),
      cell(accuracy),
      cell(`${run.completedEpochs}/${run.epochs}`),
      cell(dateOf(run.started)),
      cell(durationOf(run.seconds)),
      cell(run.status),
      this.actions(run),
    );
    return row;
  }

  private actions(run: HistoryRun): HTMLTableCellElement {
    const cell = document.createElement('td');
    cell.className = 'history-actions';
    const button = (label: string, type: 'openRun' | 'revealRun' | 'deleteRun', title: string) => {
      const node = Object.assign(document.createElement('button'), { textContent: label, title });
      node.dataset.action = type;
      node.addEventListener('click', () => this.request({ type, runId: run.id }));
      return node;
    };
    const remove = button('Delete', 'deleteRun', 'Delete this run’s folder (asks first)');
    // The host refuses it too; the disabled button says so before the user tries.
    if (run.status === 'running') {
      remove.disabled = true;
      remove.title = 'The run is training: stop it before deleting it';
    }
    cell.append(
      button('Open', 'openRun', 'Show this run in the dashboard'),
      button('Reveal', 'revealRun', 'Reveal the run folder in the Explorer'),
      remove,
    );
    return cell;
  }
}
