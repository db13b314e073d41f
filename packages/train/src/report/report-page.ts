// The report's page script (bundled for the browser into dist/report/report-page.js): the dashboard's views from
// @nn/views, fed from the JSON block the page carries instead of from an extension host.
import '@nn/views/views.css';
import './report-theme.css';
import type { CellDigits } from '@nn/views/cell-digits-view';
import { Curves } from '@nn/views/charts';
import { ConfusionSection } from '@nn/views/confusion-section';
import { HistogramsView } from '@nn/views/histograms-view';
import { describeRun } from '@nn/views/run-header';
import { tableRow } from '@nn/views/table-row';
import type { UnitDigits } from '@nn/views/units-data';
import type { WeightsSnapshot } from '@nn/views/view-data';
import { WeightsView } from '@nn/views/weights-view';
import type { EmbeddedCell, ReportData } from './report-data';

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`report: element #${id} is missing from the page`);
  return node as T;
};

function bytes(base64: string): Uint8Array {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function weightsOf(data: ReportData): WeightsSnapshot | undefined {
  if (!data.weights) return undefined;
  const layers = data.weights.layers.map((layer) => ({
    ...layer,
    weights: new Float32Array(bytes(layer.weights).buffer),
  }));
  return { ...data.weights, layers };
}

function digitsOf(cell: EmbeddedCell): CellDigits {
  return { ...cell, pixels: bytes(cell.pixels) };
}

/** A unit's top test digits from the images the page carries, as the dashboard's host would send them. */
function unitDigitsOf(data: ReportData, unit: number, epoch: number): UnitDigits {
  const top = data.units?.top[unit] ?? [];
  const images = data.unitImages;
  const size = images?.size ?? 28;
  const area = size * size;
  const all = images ? bytes(images.pixels) : new Uint8Array(0);
  const listed = top.filter(([index]) => images?.indices.includes(index));
  const pixels = new Uint8Array(listed.length * area);
  listed.forEach(([index], i) => {
    const at = images?.indices.indexOf(index) ?? 0;
    pixels.set(all.subarray(at * area, (at + 1) * area), i * area);
  });
  const samples = listed.map(([index, activation]) => ({ index, activation }));
  const problem =
    top.length > 0 && listed.length === 0 ? 'the report carries the digits of the tiles shown only' : undefined;
  return { unit, epoch, samples, size, pixels, ...(problem ? { problem } : {}) };
}

function showSettings(rows: [string, string][]): void {
  byId('config-table').replaceChildren(...rows.map(([name, value]) => tableRow(name, [value])));
}

const data = JSON.parse(byId('run-data').textContent ?? '{}') as ReportData;
byId('status').textContent = describeRun(
  data.run,
  data.status,
  data.batches.at(-1),
  data.epochs,
  data.finalTestAccuracy,
);
showSettings(data.run.settings);

const curves = new Curves(
  byId<HTMLCanvasElement>('loss-chart'),
  byId<HTMLCanvasElement>('accuracy-chart'),
  byId<HTMLCanvasElement>('speed-chart'),
);
curves.add(data.batches, data.epochs, data.run.batchesPerEpoch);
curves.render();
const counts = curves.counts();
document.body.dataset.lossPoints = String(counts.loss);
document.body.dataset.accuracyPoints = String(counts.accuracy);

// Every shown tile's top digits are in the page already: a click on a unit is answered at once.
const weights = new WeightsView(byId('weights'), byId('weights-caption'), (unit, epoch) =>
  weights.answerUnit(unitDigitsOf(data, unit, epoch)),
);
weights.clear();
weights.showUnits(data.units);
const snapshot = weightsOf(data);
if (snapshot) weights.show(snapshot, true);
const histograms = new HistogramsView(byId('histograms'), byId('histograms-caption'));
histograms.show(data.histograms);

// Every cell's digits are in the page already: a click is answered at once, with what the host would have sent.
const confusion = new ConfusionSection(
  byId('confusion'),
  byId('confusion-caption'),
  byId('cell-digits'),
  (cell, epoch) => {
    const found = data.cells.find((c) => c.actual === cell.actual && c.predicted === cell.predicted);
    const none = {
      ...cell,
      samples: [],
      size: 28,
      pixels: new Uint8Array(0),
      problem: 'this run recorded no digits for it',
    };
    confusion.answer(epoch, found ? digitsOf(found) : none);
  },
);
confusion.show(data.confusion);
document.body.dataset.rendered = 'true';
