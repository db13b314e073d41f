// The comparison page's script (bundled for the browser into dist/report/compare-page.js): @nn/views' comparison,
// fed from the JSON block the page carries.
import '@nn/views/views.css';
import './report-theme.css';
import { CompareView } from '@nn/views/compare-view';
import type { CompareData } from './compare-data';

const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`report: element #${id} is missing from the page`);
  return node as T;
};

const data = JSON.parse(byId('compare-data').textContent ?? '{}') as CompareData;
const view = new CompareView(
  byId<HTMLCanvasElement>('compare-accuracy'),
  byId<HTMLCanvasElement>('compare-loss'),
  byId('compare-table'),
);
const shown = view.show(data.runs);
document.body.dataset.accuracyLines = String(shown.accuracyLines);
document.body.dataset.lossLines = String(shown.lossLines);
document.body.dataset.differingSettings = String(shown.rows);
document.body.dataset.rendered = 'true';
