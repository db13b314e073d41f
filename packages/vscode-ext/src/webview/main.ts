import './dashboard.css';
import {
  type BatchPoint,
  type DashboardView,
  describeMessage,
  type EpochPoint,
  parseHostMessage,
  type RunStatus,
  type RunSummary,
  type UpdateMessage,
  type WebviewToHost,
  type WeightsSnapshot,
} from '../protocol';
import { Curves } from './charts';
import { WeightsView } from './weights-view';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives hiding the panel and reloading the window (weights as plain arrays: the state is JSON). */
interface SavedState {
  view: DashboardView;
  run?: RunSummary;
  status?: RunStatus;
  batches: BatchPoint[];
  epochs: EpochPoint[];
  weights?: { epoch: number; batch: number; layers: { rows: number; cols: number; weights: number[] }[] };
}

const vscode = acquireVsCodeApi();
const byId = (id: string): HTMLElement => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`dashboard: element #${id} is missing from the page`);
  return node;
};

const curves = new Curves(byId('loss-chart') as HTMLCanvasElement, byId('accuracy-chart') as HTMLCanvasElement);
const weights = new WeightsView(byId('weights'), byId('weights-caption'));
const initialView: DashboardView = document.body.dataset.view === 'weights' ? 'weights' : 'dashboard';
let state: SavedState = restore(vscode.getState()) ?? { view: initialView, batches: [], epochs: [] };
let snapshotsDrawn = 0;
let renderQueued = false;

function restore(saved: unknown): SavedState | undefined {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const s = saved as SavedState;
  return Array.isArray(s.batches) && Array.isArray(s.epochs) ? s : undefined;
}

function setView(view: DashboardView): void {
  state.view = view;
  document.body.dataset.view = view;
}

function showStatus(): void {
  const run = state.run;
  const last = state.epochs.at(-1);
  const accuracy = last?.testAccuracy ?? last?.trainAccuracy;
  const parts = [
    run ? `Run ${run.id}` : 'No run yet: start one with "NN: Train MNIST".',
    run ? `epoch ${last?.epoch ?? 0}/${run.epochs}` : '',
    accuracy !== undefined ? `accuracy ${(accuracy * 100).toFixed(1)}%` : '',
    state.status ?? '',
  ];
  byId('status').textContent = parts.filter(Boolean).join(' · ');
  document.body.dataset.status = state.status ?? 'none';
}

function drawWeights(snapshot: WeightsSnapshot): void {
  weights.show(snapshot);
  snapshotsDrawn++;
  document.body.dataset.snapshots = String(snapshotsDrawn);
}

function applyUpdate(message: UpdateMessage): void {
  if (message.run) {
    state = { view: state.view, run: message.run, batches: [], epochs: [] };
    curves.clear();
    weights.clear();
  }
  if (message.status) state.status = message.status;
  state.batches.push(...message.batches);
  state.epochs.push(...message.epochs);
  curves.add(message.batches, message.epochs, state.run?.batchesPerEpoch ?? 1);
  if (message.weights) {
    drawWeights(message.weights);
    state.weights = {
      epoch: message.weights.epoch,
      batch: message.weights.batch,
      layers: message.weights.layers.map((l) => ({ rows: l.rows, cols: l.cols, weights: Array.from(l.weights) })),
    };
  }
  vscode.setState(state);
  queueRender();
}

/** Draws at most once a frame, however many messages arrived. */
function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    curves.render();
    showStatus();
    const counts = curves.counts();
    document.body.dataset.lossPoints = String(counts.loss);
    document.body.dataset.accuracyPoints = String(counts.accuracy);
  });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    const text = `dashboard ignored a malformed or unknown message: ${describeMessage(event.data)}`;
    console.warn(text);
    vscode.postMessage({ type: 'error', message: text });
    return;
  }
  if (message.type === 'view') {
    setView(message.view);
    vscode.setState(state);
  } else {
    applyUpdate(message);
  }
});

window.addEventListener('error', (event) => {
  vscode.postMessage({ type: 'error', message: `dashboard script error: ${event.message}` });
});

// Draw what was saved before hiding or reloading at once, then ask the host for the up-to-date run.
setView(state.view);
weights.clear();
curves.add(state.batches, state.epochs, state.run?.batchesPerEpoch ?? 1);
if (state.weights) {
  drawWeights({
    epoch: state.weights.epoch,
    batch: state.weights.batch,
    layers: state.weights.layers.map((l) => ({ rows: l.rows, cols: l.cols, weights: Float32Array.from(l.weights) })),
  });
}
queueRender();
vscode.postMessage({ type: 'ready' });
