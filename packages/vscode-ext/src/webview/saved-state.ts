import type {
  BatchPoint,
  ConfusionShown,
  DashboardView,
  EpochPoint,
  RunStatus,
  RunSummary,
  WebviewToHost,
} from '../protocol';

/** The editor's side of the page: messages to the host and the state VS Code keeps for the panel. */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

/**
 * What survives hiding the panel and reloading the window: the curves' points and the user's choices, never the
 * weights (megabytes of JSON on every save); the host sends the newest snapshot when the page asks after loading.
 */
export interface SavedState {
  view: DashboardView;
  run?: RunSummary;
  status?: RunStatus;
  resumable?: boolean;
  finalTestAccuracy?: number;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  logLoss?: boolean;
  layerScale?: boolean;
  /** The newest epoch's test confusion: a hundred counts, cheap to keep. */
  confusion?: ConfusionShown;
  /** The runs ticked in the history for comparison. */
  compareIds?: string[];
}

/** The state is saved at most this often: setState serialises all points each time. */
const SAVE_INTERVAL_MS = 1000;

/** The saved state if it has the shape this page writes, else undefined (a first load, or an older page's). */
export function restore(saved: unknown): SavedState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const s = saved as SavedState;
  return Array.isArray(s.batches) && Array.isArray(s.epochs) ? s : undefined;
}

/** Saves the page's state at most once a second, however often it changes; `now` saves at once. */
export class StateSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: VsCodeApi,
    private readonly current: () => SavedState,
  ) {}

  save(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.api.setState(this.current());
    }, SAVE_INTERVAL_MS);
  }

  now(): void {
    this.api.setState(this.current());
  }
}
