import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Uri, ViewColumn, window } from 'vscode';
import { DashboardPanel, type DashboardSource } from '../src/dashboard-panel';
import type { UpdateMessage } from '../src/protocol';
import { recorded, resetFake } from './fake-vscode';

let logged: string[];
const replay: UpdateMessage = { type: 'update', seq: 1, status: 'finished', batches: [], epochs: [] };
let drawn: number[];
let resumed: string[];
const source: DashboardSource = {
  replay: async () => replay,
  drawn: (seq) => drawn.push(seq),
  tileUnits: (units) => resumed.push(`(tiles ${units.join(',')})`),
  resume: (runId) => resumed.push(runId),
  train: () => resumed.push('(train)'),
  log: (line) => logged.push(line),
  cellDigits: async () => undefined,
};
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(() => {
  resetFake();
  logged = [];
  drawn = [];
  resumed = [];
});
afterEach(() => DashboardPanel.current?.dispose());

describe('DashboardPanel', () => {
  it('loads only from media/dist, under a CSP that runs nothing but its nonce-bearing script', () => {
    DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', source);
    const panel = recorded.panels[0];
    expect(panel?.options).toEqual({ enableScripts: true, localResourceRoots: [Uri.file('/ext/media/dist')] });
    expect(panel?.options).not.toHaveProperty('retainContextWhenHidden');
    const html = panel?.webview.html ?? '';
    const nonce = /script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain(`<script nonce="${nonce}" src="file:///ext/media/dist/dashboard.js"></script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('reuses the one panel and switches its view', () => {
    const first = DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', source);
    const second = DashboardPanel.createOrShow(Uri.file('/ext'), 'weights', source);
    expect(second).toBe(first);
    expect(recorded.panels).toHaveLength(1);
    expect(recorded.panels[0]?.posted).toEqual([{ type: 'view', view: 'weights' }]);
  });

  it('answers ready with the replay, logs page errors, and ignores (and logs) anything else', async () => {
    DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', source);
    const panel = recorded.panels[0];
    panel?.receive({ type: 'ready' });
    panel?.receive({ type: 'error', message: 'chart failed' });
    panel?.receive({ type: 'delete', path: '/' });
    await settle();
    expect(panel?.posted).toEqual([replay]);
    expect(logged).toEqual([
      'Dashboard: chart failed',
      'Dashboard: ignored a malformed or unknown message (type "delete" with fields path, type).',
    ]);
  });

  it('logs a replay that fails (a run folder deleted as it is read) instead of rejecting unhandled', async () => {
    const failing: DashboardSource = { ...source, replay: () => Promise.reject(new Error('ENOENT: metrics.jsonl')) };
    DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', failing);
    recorded.panels[0]?.receive({ type: 'ready' });
    await settle();
    expect(logged).toEqual(['Dashboard: could not read the run to show: ENOENT: metrics.jsonl']);
    expect(recorded.panels[0]?.posted).toEqual([]);
  });

  it('passes drawn acknowledgements, pages of tiles, Resume and Train requests on to the controller', () => {
    DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', source);
    const panel = recorded.panels[0];
    panel?.receive({ type: 'drawn', seq: 7 });
    panel?.receive({ type: 'resume', runId: '2026-12-03-184834-default' });
    panel?.receive({ type: 'resume', runId: 3 });
    panel?.receive({ type: 'train' });
    panel?.receive({ type: 'tileUnits', units: [64, 65] });
    panel?.receive({ type: 'tileUnits', units: ['64'] });
    expect(drawn).toEqual([7]);
    expect(resumed).toEqual(['2026-12-03-184834-default', '(train)', '(tiles 64,65)']);
    expect(logged).toHaveLength(2);
  });

  it("answers a click on a confusion cell with the controller's digits, and logs a failed read", async () => {
    const request = { type: 'cellDigits', runId: 'r1', epoch: 2, actual: 3, predicted: 5 } as const;
    const answer = { ...request, samples: [], size: 28, pixels: new Uint8Array(0) };
    let fail = false;
    const asked: unknown[] = [];
    const digits: DashboardSource = {
      ...source,
      cellDigits: async (r) => {
        asked.push(r);
        if (fail) throw new Error('no test set');
        return answer;
      },
    };
    DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', digits);
    const panel = recorded.panels[0];
    panel?.receive(request);
    await settle();
    expect(asked).toEqual([request]);
    expect(panel?.posted).toEqual([answer]);
    fail = true;
    panel?.receive(request);
    await settle();
    expect(logged).toEqual(["Dashboard: could not read the cell's digits: no test set"]);
  });

  it('posts nothing to a hidden panel (its page reloads and asks for a replay when shown)', () => {
    const dashboard = DashboardPanel.createOrShow(Uri.file('/ext'), 'dashboard', source);
    const panel = recorded.panels[0];
    if (panel) panel.visible = false;
    expect(dashboard.post(replay)).toBe(false);
    expect(panel?.posted).toEqual([]);
  });

  it('is revived after a reload in the view its page saved', () => {
    const restored = window.createWebviewPanel('nn.dashboard', 'NN Weights', ViewColumn.Beside, {});
    DashboardPanel.revive(restored as never, Uri.file('/ext'), { view: 'weights', batches: [] }, source);
    // The revived panel is the one VS Code restored: what the dashboard posts goes to that panel's page.
    expect(DashboardPanel.current?.post(replay)).toBe(true);
    expect(recorded.panels.find((p) => p.posted.length > 0)?.webview).toBe(restored.webview);
    expect(restored.webview.html).toContain('<body data-view="weights">');
    expect(restored.webview.options).toEqual({
      enableScripts: true,
      localResourceRoots: [Uri.file('/ext/media/dist')],
    });
  });
});
