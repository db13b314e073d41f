import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun, readTestCells, type TrainEpochEvent, trainMnist } from '../src/index';
import { runCli } from './cli-process';
import { cliPath, quickConfig, tempDir, workerPath } from './support';

const CHROMIUM = '/usr/bin/chromium';
const reportPage = join(cliPath, '..', 'report', 'report-page.js');
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium)`
  : !existsSync(reportPage)
    ? `${reportPage} is missing: build @nn/train first`
    : undefined;
if (skipReason) console.log(`SKIPPED nn report browser tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)(`nn report${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let runDir: string;
  let out: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleProblems: string[] = [];

  beforeAll(async () => {
    // Few images and a small layer: a network that still errs, so off-diagonal cells have digits.
    ({ runDir } = await trainMnist(quickConfig({ limit: 600, threads: 1, hiddenLayers: [8] }), { workerPath }));
    out = join(tempDir(), 'report.html');
    const { code, stdout, stderr } = await runCli(['report', runDir, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`Wrote ${out}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 1600 } });
    // Every request is recorded and refused: the page must need none beyond its own file.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === pathToFileURL(out).href) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => consoleProblems.push(error.message));
    await page.goto(pathToFileURL(out).href);
    await page.waitForFunction(() => document.body.dataset.rendered === 'true');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('writes one file that loads nothing else, under a CSP that allows only its own script and style', () => {
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(
      /content="default-src 'none'; img-src data:; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'"/,
    );
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    expect(requests).toEqual([]);
    expect(consoleProblems).toEqual([]);
  });

  it('shows the confusion numbers of the last epoch, and a click lists that cell’s test digits', async () => {
    const last = readRun(runDir)
      .events.filter((e): e is TrainEpochEvent => e.type === 'epoch')
      .at(-1);
    const shown = await page.$$eval('table.confusion tbody tr', (rows) =>
      rows.map((row) => Array.from(row.querySelectorAll('td.cell'), (cell) => Number(cell.textContent))),
    );
    expect(shown).toEqual(last?.confusion);
    const cells = readTestCells(runDir)?.cells ?? [];
    let target = { actual: 0, predicted: 1, size: 0 };
    cells.forEach((row, actual) => {
      row.forEach((samples, predicted) => {
        if (actual !== predicted && samples.length > target.size) target = { actual, predicted, size: samples.length };
      });
    });
    await page.click(`td[data-actual="${target.actual}"][data-predicted="${target.predicted}"]`);
    const indices = await page.$$eval('figure.digit', (nodes) =>
      nodes.map((n) => Number((n as HTMLElement).dataset.index)),
    );
    expect(indices).toEqual(cells[target.actual]?.[target.predicted]?.map(([index]) => index));
    const ink = await page.$eval('figure.digit canvas', (canvas) =>
      Array.from((canvas as HTMLCanvasElement).getContext('2d')?.getImageData(0, 0, 28, 28).data ?? []).some(
        (v, i) => i % 4 === 3 && v > 0,
      ),
    );
    expect(ink).toBe(true);
  });

  it('shows the curves, the weight tiles, the settings and the status of the run', async () => {
    const config = await page.$$eval('#config-table tr', (rows) => rows.map((row) => row.textContent));
    expect(config.slice(0, 3)).toEqual(['recipedefault', 'datasetdigits', 'hidden layers8']);
    expect(await page.textContent('#status')).toMatch(/^Run .* · epoch 2\/2 · test accuracy \d+\.\d% · finished$/);
    expect(await page.$$eval('canvas.heatmap', (nodes) => nodes.length)).toBe(2);
    // Train and test accuracy of both epochs, and the best epoch's marker: as the dashboard draws them.
    expect(await page.evaluate(() => document.body.dataset.accuracyPoints)).toBe('5');
    await page.screenshot({ path: join(tempDir(), 'report.png'), fullPage: true });
    expect(consoleProblems).toEqual([]);
  });
});
