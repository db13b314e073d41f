import '@nn/views/views.css';
import { Curves } from '@nn/views/charts';
import { ConfusionSection } from '@nn/views/confusion-section';
import { PadSection } from '@nn/views/pad-section';
import { describeRun } from '@nn/views/run-header';
import { tableRow } from '@nn/views/table-row';
import { onThemeChange } from '@nn/views/theme';
import { WeightsView } from '@nn/views/weights-view';
import {
  type ConfusionShown,
  type DashboardView,
  describeMessage,
  type PadModel,
  parseHostMessage,
  type RunSummary,
  type UpdateMessage,
  type WeightsSnapshot,
} from '../protocol';
import './history.css';
import { HistorySection } from './history-section';
import { restore, type SavedState, StateSaver, type VsCodeApi } from './saved-state';
import { UnitsSection } from './units-section';

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`dashboard: element #${id} is missing from the page`);
  return node as T;
};

const curves = new Curves(
  byId<HTMLCanvasElement>('loss-chart'),
  byId<HTMLCanvasElement>('accuracy-chart'),
  byId<HTMLCanvasElement>('speed-chart'),
);
const units = new UnitsSection(byId('histograms'), byId('histograms-caption'), (m) => vscode.postMessage(m));
const weights = new WeightsView(byId('weights'), byId('weights-caption'), units.askDigits);
units.attach(weights);
const confusion = new ConfusionSection(
  byId('confusion'),
  byId('confusion-caption'),
  byId('cell-digits'),
  (cell, epoch) => {
    if (state.run) vscode.postMessage({ type: 'cellDigits', runId: state.run.id, epoch, ...cell });
  },
);
const pad = new PadSection(byId('pad'), () => vscode.postMessage({ type: 'padWanted' }));
/** The newest full network for the pad, applied in the next frame; held here only, never in the saved state. */
let pendingPadModel: PadModel | undefined;
/** Set when a new confusion arrived: the table is rebuilt in the next frame, not once per message. */
let confusionChanged = false;
const logLoss = byId<HTMLInputElement>('log-loss');
const layerScale = byId<HTMLInputElement>('layer-scale');
const resumeButton = byId<HTMLButtonElement>('resume');
const initialView: DashboardView = document.body.dataset.view === 'weights' ? 'weights' : 'dashboard';
let state: SavedState = restore(vscode.getState()) ?? { view: initialView, batches: [], epochs: [], layerScale: true };
/** The newest snapshot not drawn yet, and the update that carried it: older ones are skipped, not queued. */
let pendingWeights: { snapshot: WeightsSnapshot; seq: number } | undefined;
let shownWeights: WeightsSnapshot | undefined;
let snapshotsDrawn = 0;
let renderQueued = false;
const saver = new StateSaver(vscode, () => state);
const save = () => saver.save();
const history = new HistorySection(
  {
    caption: byId('history-caption'),
    empty: byId('history-empty'),
    table: byId<HTMLTableElement>('history'),
    compare: byId('compare'),
    compareCaption: byId('compare-caption'),
    compareAccuracy: byId<HTMLCanvasElement>('compare-accuracy'),
    compareLoss: byId<HTMLCanvasElement>('compare-loss'),
    compareTable: byId('compare-table'),
  },
  (request) => vscode.postMessage(request),
  (ids) => {
    state.compareIds = ids;
    save();
  },
  state.compareIds,
);

function setView(view: DashboardView): void {
  state.view = view;
  document.body.dataset.view = view;
}

function showStatus(): void {
  byId('status').textContent = describeRun(
    state.run,
    state.status,
    state.batches.at(-1),
    state.epochs,
    state.finalTestAccuracy,
  );
  document.body.dataset.status = state.status ?? 'none';
  document.body.dataset.hasRun = String(state.run !== undefined);
  resumeButton.hidden = !(state.status === 'stopped' && state.resumable && state.run);
}

function showConfig(run: RunSummary | undefined): void {
  const rows = (run?.settings ?? []).map(([name, value]) => tableRow(name, [value]));
  byId('config-table').replaceChildren(...rows);
  byId('config').hidden = rows.length === 0;
}

function applyUpdate(message: UpdateMessage): void {
  if (message.run && message.run.id !== state.run?.id) {
    const { view, logLoss, layerScale, compareIds } = state;
    state = { view, logLoss, layerScale, compareIds, run: message.run, batches: [], epochs: [] };
    curves.clear();
    weights.clear();
    showConfusion(undefined);
    shownWeights = undefined;
    pendingPadModel = undefined;
    pad.setModel(undefined);
    showConfig(message.run);
  } else if (message.run) {
    state.run = message.run;
    showConfig(message.run);
  }
  if (message.reset) {
    state.batches = [];
    state.epochs = [];
    curves.clear();
  }
  if (message.status) {
    state.status = message.status;
    state.resumable = message.resumable === true;
    state.finalTestAccuracy = message.finalTestAccuracy;
  }
  state.batches.push(...message.batches);
  state.epochs.push(...message.epochs);
  curves.add(message.batches, message.epochs, state.run?.batchesPerEpoch ?? 1);
  if (message.weights) pendingWeights = { snapshot: message.weights, seq: message.seq };
  if (message.padModel) pendingPadModel = message.padModel;
  if (message.confusion) {
    state.confusion = message.confusion;
    confusionChanged = true;
  }
  save();
  queueRender();
}

function showConfusion(shown: ConfusionShown | undefined): void {
  confusionChanged = false;
  confusion.show(shown);
  document.body.dataset.confusionEpoch = String(shown?.epoch ?? 0);
}

/** Draws at most once a frame, however many messages arrived; then tells the host it may send more weights. */
function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    curves.render();
    showStatus();
    if (confusionChanged) showConfusion(state.confusion);
    units.follow(state.run?.id, state.epochs.length); // before 'drawn': an epoch's end brings new unit statistics
    const counts = curves.counts();
    document.body.dataset.lossPoints = String(counts.loss);
    document.body.dataset.accuracyPoints = String(counts.accuracy);
    document.body.dataset.lastStep = String(state.batches.at(-1)?.step ?? 0);
    if (pendingPadModel) pad.setModel(pendingPadModel);
    pendingPadModel = undefined;
    const drawn = pendingWeights;
    pendingWeights = undefined;
    if (drawn) {
      shownWeights = drawn.snapshot;
      weights.show(drawn.snapshot, layerScale.checked);
      snapshotsDrawn++;
      document.body.dataset.snapshots = String(snapshotsDrawn);
      vscode.postMessage({ type: 'drawn', seq: drawn.seq });
    }
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
    save();
  } else if (message.type === 'padPicture') {
    pad.showPicture(message.name, message.pixels);
    byId('pad-section').scrollIntoView();
  } else if (message.type === 'history') {
    history.show(message);
  } else if (message.type === 'compare') {
    history.showComparison(message);
    byId('compare').scrollIntoView();
  } else if (message.type === 'units' || message.type === 'unitDigits') {
    units.receive(message);
  } else if (message.type === 'cellDigits') {
    if (message.runId === state.run?.id) confusion.answer(message.epoch, message);
  } else {
    applyUpdate(message);
  }
});

// A hidden panel's page is thrown away: keep what a pending save would have kept.
window.addEventListener('pagehide', () => saver.now());

window.addEventListener('error', (event) => {
  vscode.postMessage({ type: 'error', message: `dashboard script error: ${event.message}` });
});

logLoss.addEventListener('change', () => {
  state.logLoss = logLoss.checked;
  curves.setLogLoss(logLoss.checked);
  save();
});
layerScale.addEventListener('change', () => {
  state.layerScale = layerScale.checked;
  if (shownWeights) weights.show(shownWeights, layerScale.checked);
  save();
});
byId('train').addEventListener('click', () => vscode.postMessage({ type: 'train' }));
resumeButton.addEventListener('click', () => {
  if (state.run) vscode.postMessage({ type: 'resume', runId: state.run.id });
});
onThemeChange(() => {
  curves.applyTheme();
  confusion.applyTheme();
  units.applyTheme();
  pad.applyTheme();
  history.applyTheme();
  queueRender();
});

// Draw the saved curves at once, then ask the host for the up-to-date run (with its newest weights).
setView(state.view);
logLoss.checked = state.logLoss === true;
layerScale.checked = state.layerScale !== false;
curves.setLogLoss(logLoss.checked);
weights.clear();
showConfig(state.run);
showConfusion(state.confusion);
curves.add(state.batches, state.epochs, state.run?.batchesPerEpoch ?? 1);
queueRender();
vscode.postMessage({ type: 'ready' });
