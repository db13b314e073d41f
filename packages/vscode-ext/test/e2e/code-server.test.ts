import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_RUNS_PLACEHOLDER, OPEN_RUN_PLACEHOLDER } from '../../src/picker-placeholders';
import { packageDir } from '../recorded-run';
import { type CodeServer, e2eDir, missingCodeServer, startCodeServer } from './code-server';
import { LagWatch, newRunFolder } from './lag-watch';
import { drawOnPad, padState } from './pad';
import { commonestMistake, pickMany, pickOne } from './runs';
import {
  dashboardFrame,
  notificationsText,
  recordStatusBar,
  runCommand,
  statusBarHistory,
  statusBarText,
} from './workbench';

const CHROMIUM = '/usr/bin/chromium';
const vsix = join(packageDir, 'nn-vscode.vsix');
const missing =
  missingCodeServer() ??
  (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed`) ??
  (existsSync(vsix) ? undefined : `${vsix} is missing (run pnpm --filter nn-vscode build)`);
// CI installs everything this test needs (.ci/run), so there a missing piece is a failure, not a skip.
if (missing && process.env.CI === 'true') throw new Error(`code-server e2e cannot run in CI: ${missing}`);
if (missing) console.log(`SKIPPED code-server e2e: ${missing}`);

const shots = join(packageDir, 'test-results');
const shoot = (page: Page, name: string) => page.screenshot({ path: join(shots, `e2e-${name}.png`) });

describe.skipIf(missing !== undefined)('the extension in a real VS Code (code-server + headless Chromium)', () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startCodeServer(vsix, {
      'nn.recipe': 'default',
      'nn.hiddenLayers': '32',
      'nn.epochs': 3,
      'nn.limit': 12000,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // performance.memory in whole bytes rather than coarse buckets, for the dashboard's memory figure.
        '--enable-precise-memory-info',
      ],
      env: {
        ...process.env,
        TMPDIR: join(e2eDir, 'r', 't'),
        XDG_CONFIG_HOME: join(e2eDir, 'r', 't'),
        XDG_CACHE_HOME: join(e2eDir, 'r', 't'),
      },
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  it('trains from the palette: progress notification, status bar accuracy, finished run folder', async () => {
    await recordStatusBar(page);
    await runCommand(page, 'NN: Train MNIST');
    await expect.poll(() => notificationsText(page), { timeout: 60_000, interval: 100 }).toContain('NN: Training');
    await shoot(page, 'progress');
    // A live epoch lasts about a second on a fast machine: assert on every status bar text seen, not only the current one.
    await expect
      .poll(() => statusBarHistory(page), { timeout: 120_000, interval: 200 })
      .toMatch(/NN \d+\.\d% · epoch [1-3]\/3/);
    await shoot(page, 'status-bar');
    await expect
      .poll(() => notificationsText(page), { timeout: 180_000, interval: 250 })
      .toMatch(/NN: run \S+-default finished, test accuracy \d+\.\d%/);
    await shoot(page, 'finished');
    expect(await statusBarText(page)).toMatch(/NN \d+\.\d% · 3 epochs/);

    const runs = join(server.workspace, '.nn', 'runs');
    const [run] = readdirSync(runs);
    if (!run) throw new Error(`no run folder in ${runs}`);
    const summary = JSON.parse(readFileSync(join(runs, run, 'summary.json'), 'utf8')) as {
      epochs: number;
      testAccuracy: number;
      stopped: boolean;
    };
    expect(summary).toMatchObject({ epochs: 3, stopped: false });
    expect(summary.testAccuracy).toBeGreaterThan(0.8);
    expect(existsSync(join(runs, run, 'model.safetensors'))).toBe(true);
  }, 300_000);

  it('shows the run in the dashboard: charts with points and drawn heatmaps inside the webview', async () => {
    await runCommand(page, 'NN: Show Dashboard');
    const frame = await dashboardFrame(page);
    await frame.waitForFunction(
      () => Number(document.body.dataset.accuracyPoints) >= 6 && document.body.dataset.status === 'finished',
      undefined,
      {
        timeout: 60_000,
      },
    );
    const drawn = await frame.$$eval('canvas.heatmap', (canvases) =>
      (canvases as HTMLCanvasElement[]).map((canvas) => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        const colors = new Set<number>();
        for (let i = 0; i < data.length; i += 4)
          colors.add(((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0));
        return colors.size;
      }),
    );
    expect(drawn).toHaveLength(2);
    for (const colors of drawn) expect(colors).toBeGreaterThan(20);
    expect(Number(await frame.evaluate(() => document.body.dataset.lossPoints))).toBeGreaterThan(6);
    await shoot(page, 'dashboard');
  }, 120_000);

  it('draws on the digit pad inside the webview: the finished run’s network reads a vertical stroke as 1', async () => {
    const frame = await dashboardFrame(page);
    await drawOnPad(page, frame, [
      [0.5, 0.15],
      [0.5, 0.5],
      [0.5, 0.85],
    ]);
    await frame.waitForFunction(() => document.querySelector<HTMLElement>('.pad-bars')?.dataset.digit !== '');
    const shown = await padState(frame);
    // The run's final checkpoint (3 epochs), asked for by the pointer over the pad.
    expect(shown).toMatchObject({ digit: '1', modelEpoch: '3' });
    expect(shown.inkPixels).toBeGreaterThan(20);
    await shoot(page, 'digit-pad');
    // Off the pad, so nothing asks for the next run's network.
    await page.mouse.move(1, 1);
  }, 120_000);

  it('keeps up with a 784-1024-1024-10 network: seconds, not minutes, behind the run; page under 300 MB', async () => {
    writeFileSync(
      join(server.workspace, '.vscode', 'settings.json'),
      // Ten epochs: a fast machine finishes one within the 20 s watched (≈ 6 s each here since the second layer skips
      // relu's zeros), and the run must still be going at the stop.
      JSON.stringify({ 'nn.recipe': 'default', 'nn.hiddenLayers': '1024, 1024', 'nn.epochs': 10 }),
    );
    const runs = join(server.workspace, '.nn', 'runs');
    const before = new Set(readdirSync(runs));
    // The settings file is watched; give the editor a moment to read it before the command reads them.
    await page.waitForTimeout(2_000);
    await runCommand(page, 'NN: Train MNIST');
    const runDir = await newRunFolder(runs, before);
    const frame = await dashboardFrame(page);
    const runId = basename(runDir);
    const watch = new LagWatch(join(runDir, 'metrics.jsonl'));
    let maxMemory = 0;
    let snapshots = 0;
    try {
      await expect.poll(() => watch.newestStep, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
      // A fraction of an epoch (about 20 s of batches): the newest batch the page has drawn against the newest in
      // metrics.jsonl, and the page's memory.
      for (const end = Date.now() + 20_000; Date.now() < end; ) {
        const shownAt = Date.now();
        const shown = await frame.evaluate(() => {
          const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
          let pixels = 0;
          for (const canvas of Array.from(document.querySelectorAll('canvas')))
            pixels += canvas.width * canvas.height * 4;
          const run = document.getElementById('status')?.textContent ?? '';
          return { step: Number(document.body.dataset.lastStep ?? 0), run, heap: memory?.usedJSHeapSize ?? 0, pixels };
        });
        watch.sample(shown.run.startsWith(`Run ${runId} `) ? shown.step : undefined, shownAt);
        maxMemory = Math.max(maxMemory, shown.heap + shown.pixels);
        await page.waitForTimeout(200);
      }
      await shoot(page, 'big-network');
      snapshots = Number(await frame.evaluate(() => document.body.dataset.snapshots ?? 0));
      // The next page of 1024 first-layer units: the page asks the extension host for their weights (tileUnits).
      const firstTiles = () =>
        frame.evaluate(() => document.querySelector<HTMLElement>('canvas.heatmap[data-layer="0"]')?.dataset.order);
      expect((await firstTiles())?.split(',').slice(0, 2)).toEqual(['0', '1']);
      await frame.click('button.unit-next');
      await expect.poll(firstTiles, { timeout: 30_000, interval: 100 }).toMatch(/^64,65,/);
    } finally {
      watch.stop();
      await runCommand(page, 'NN: Stop Training');
    }
    console.log(
      `784-1024-1024-10 in code-server: ${watch.samples} samples over 20 s, dashboard at most ${watch.maxLag} ms behind ` +
        `metrics.jsonl (steps ${watch.firstStep}…${watch.lastStep}), ${snapshots} snapshots drawn, page memory ` +
        `(JS heap + canvas pixels) at most ${(maxMemory / 2 ** 20).toFixed(0)} MB; load average ${loadavg()[0]?.toFixed(1)}`,
    );
    // The target is ≤ 1 s, measured here and printed above (0.16–0.87 s over seven runs at load 5–26, README). The
    // assertion only catches the flood this test was written for (minutes behind): a 1 s bound would fail on a
    // shared CI machine for reasons that are not the dashboard's.
    expect(watch.maxLag).toBeLessThan(3_000);
    expect(maxMemory).toBeLessThan(300 * 2 ** 20);
    expect(snapshots).toBeGreaterThan(1);
    await expect
      .poll(() => notificationsText(page), { timeout: 120_000, interval: 250 })
      .toMatch(/NN: run \S+-default stopped/);
  }, 400_000);

  it('after a window reload mid-run, offers Resume and continues the same run in its folder', async () => {
    // Twenty epochs, so the run is still going when the window reloads, however fast the machine.
    writeFileSync(
      join(server.workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'nn.recipe': 'default', 'nn.hiddenLayers': '128', 'nn.epochs': 20 }),
    );
    const runs = join(server.workspace, '.nn', 'runs');
    const before = new Set(readdirSync(runs));
    await page.waitForTimeout(2_000);
    await runCommand(page, 'NN: Train MNIST');
    const runDir = await newRunFolder(runs, before);
    const runId = basename(runDir);
    const metrics = () =>
      existsSync(join(runDir, 'metrics.jsonl')) ? readFileSync(join(runDir, 'metrics.jsonl'), 'utf8') : '';
    // Reload once the first epoch's checkpoint is written and the second epoch is under way.
    await expect.poll(metrics, { timeout: 180_000, interval: 100 }).toMatch(/"type":"batch","epoch":2,/);
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    const offer = page.locator('.notifications-toasts .notification-toast', {
      hasText: `run ${runId} was interrupted`,
    });
    await offer.waitFor({ state: 'visible', timeout: 90_000 });
    expect(existsSync(join(runDir, 'summary.json'))).toBe(false);
    const completed = Number(/after epoch (\d+)\/20/.exec((await offer.textContent()) ?? '')?.[1]);
    expect(completed).toBeGreaterThanOrEqual(1);
    expect(await statusBarText(page)).toContain(`NN ${runId} stopped · epoch ${completed}/20`);
    await shoot(page, 'resume-offer');
    await offer.locator('.monaco-button', { hasText: 'Resume' }).click();
    // The same folder takes the resumed run: a second run event, then the next epoch completes.
    await expect
      .poll(metrics, { timeout: 180_000, interval: 250 })
      .toMatch(new RegExp(`"resumedFromEpoch":${completed}[^]*"type":"epoch","epoch":${completed + 1},`));
    await runCommand(page, 'NN: Stop Training');
    await expect
      .poll(() => notificationsText(page), { timeout: 120_000, interval: 250 })
      .toContain(`NN: run ${runId} stopped`);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { epochs: number };
    expect(summary.epochs).toBeGreaterThan(completed);
    expect(readdirSync(runs).filter((name) => !before.has(name))).toEqual([runId]);
    await shoot(page, 'resumed');
  }, 600_000);

  it('opens a finished run from the palette; a click on a confusion cell lists its test digits', async () => {
    // The first test's run (3 epochs): the oldest folder. The dashboard shows the resumed run until it is opened.
    const first = readdirSync(join(server.workspace, '.nn', 'runs')).sort()[0] ?? '';
    await runCommand(page, 'NN: Open Run…');
    await pickOne(page, OPEN_RUN_PLACEHOLDER, first);
    const frame = await dashboardFrame(page);
    await frame.waitForFunction(
      (id) => document.getElementById('status')?.textContent?.startsWith(`Run ${id} `) === true,
      first,
      { timeout: 60_000 },
    );
    await frame.waitForFunction(() => document.body.dataset.confusionEpoch === '3', undefined, { timeout: 30_000 });
    const cell = await commonestMistake(frame);
    expect(cell.count).toBeGreaterThan(0);
    await frame.click(`td[data-actual="${cell.actual}"][data-predicted="${cell.predicted}"]`);
    await frame.waitForSelector('figure.digit', { timeout: 60_000 });
    const captions = await frame.$$eval('figure.digit figcaption', (nodes) => nodes.map((node) => node.textContent));
    expect(captions).toHaveLength(Math.min(cell.count, captions.length));
    for (const caption of captions) expect(caption).toContain(`true ${cell.actual} · predicted ${cell.predicted}`);
    await frame.locator('#confusion-section').scrollIntoViewIfNeeded();
    await shoot(page, 'open-run-confusion');
  }, 180_000);

  it('compares two runs from the palette: both test curves and the settings that differ', async () => {
    const runs = join(server.workspace, '.nn', 'runs');
    // The first run (32 hidden units, 3 epochs) and the resumed one (128 units): both have test curves.
    const names = readdirSync(runs).sort();
    const [first, resumed] = [names[0] ?? '', names.at(-1) ?? ''];
    await runCommand(page, 'NN: Compare Runs…');
    await pickMany(page, COMPARE_RUNS_PLACEHOLDER, [first, resumed], join(shots, 'e2e-compare-quick-pick.html'));
    const frame = await dashboardFrame(page);
    await frame.waitForFunction(() => document.body.dataset.compareLines === '2', undefined, { timeout: 60_000 });
    const table = await frame.$$eval('#compare-table tr', (rows) =>
      rows.map((row) => Array.from(row.children, (cell) => cell.textContent)),
    );
    expect(table[0]).toEqual(['run', resumed, first]);
    expect(table.find((row) => row[0] === 'hidden layers')).toEqual(['hidden layers', '128', '32']);
    const ticked = await frame.$$eval('#history input:checked', (boxes) =>
      boxes.map((box) => (box as HTMLInputElement).value),
    );
    expect(ticked).toEqual([resumed, first]);
    await frame.locator('#history-section').scrollIntoViewIfNeeded();
    await shoot(page, 'compare-runs');
  }, 180_000);
});
