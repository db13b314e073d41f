import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestImages, readRun, readTestCells, type TrainEpochEvent } from '@nn/train';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellDigits } from '../src/cell-digits';
import { parseWebviewMessage, type UpdateMessage } from '../src/protocol';
import { findRun, newestRun } from '../src/train-adapter';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { missingBuild, recordRealRun } from './recorded-run';
import { saveScreenshot, updatingScreens } from './screenshots';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED confusion browser tests: ${skipReason}`);

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);

describe.skipIf(skipReason !== undefined)(
  `confusion matrix in the dashboard, headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let stream: UpdateMessage[];
    const storage = mkdtempSync(join(tmpdir(), 'nn-vscode-'));
    const runsDir = join(storage, 'runs');
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      // Few images and one small layer: a network that still errs, so off-diagonal cells have digits to list. The
      // README's picture comes from a better network, whose mistakes are the instructive ones.
      const settings = { 'nn.recipe': 'default', 'nn.hiddenLayers': '8', 'nn.epochs': 2, 'nn.limit': 600 };
      if (updatingScreens) Object.assign(settings, { 'nn.hiddenLayers': '64', 'nn.limit': 20_000 });
      stream = await recordRealRun(settings, storage);
      server = await serveDashboard('dashboard');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      page.on('console', (message) => {
        // The test server has no favicon.ico, which Chromium asks for by itself; a webview never does.
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
          consoleErrors.push(`${message.text()} (${message.location().url})`);
        }
      });
      await page.addInitScript(editorShim);
      await page.goto(server.url);
      for (const message of stream) await send(page, message);
      await page.waitForFunction(() => document.body.dataset.status === 'finished');
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows the counts of the last epoch recorded in the run folder, with recall and precision on the margins', async () => {
      const run = readRun(newestRun(runsDir)?.path ?? '');
      const last = run.events.filter((e): e is TrainEpochEvent => e.type === 'epoch').at(-1);
      const counts = last?.confusion ?? [];
      expect(counts).toHaveLength(10);
      // Each flush of the feed (at most ten a second) carries the newest confusion, so two epochs that end within
      // one interval send one: epochs in order, ending with the last. The page shows the newest.
      const sent = stream.filter((m) => m.confusion).map((m) => m.confusion?.epoch);
      expect(sent.at(-1)).toBe(2);
      expect(sent).toEqual([...new Set(sent)].sort((a, b) => (a ?? 0) - (b ?? 0)));
      await page.waitForFunction(() => document.body.dataset.confusionEpoch === '2');
      const shown = await page.$$eval('table.confusion tbody tr', (rows) =>
        rows.map((row) => Array.from(row.querySelectorAll('td.cell'), (cell) => Number(cell.textContent))),
      );
      expect(shown).toEqual(counts);
      const recall = await page.$$eval('td.recall', (cells) => cells.map((cell) => cell.textContent));
      const precision = await page.$$eval('td.precision', (cells) => cells.map((cell) => cell.textContent));
      const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–');
      expect(recall).toEqual(
        counts.map((row, c) =>
          pct(
            row[c] ?? 0,
            row.reduce((a, b) => a + b, 0),
          ),
        ),
      );
      expect(precision).toEqual(
        counts.map((_, c) =>
          pct(
            counts[c]?.[c] ?? 0,
            counts.reduce((sum, row) => sum + (row[c] ?? 0), 0),
          ),
        ),
      );
      // Tinted by row share, in the theme's colour: a cell holding most of its row is coloured, an empty one not.
      const tints = await page.$$eval('td.cell', (cells) =>
        cells.map((cell) => [
          Number((cell as HTMLElement).style.getPropertyValue('--share')),
          getComputedStyle(cell).backgroundColor,
        ]),
      );
      const strongest = tints.reduce((a, b) => (Number(b[0]) > Number(a[0]) ? b : a));
      expect(strongest[1]).not.toBe('rgba(0, 0, 0, 0)');
      const empty = tints.find((t) => t[0] === 0)?.[1];
      expect(empty).not.toBe(strongest[1]);
      expect(empty).toMatch(/(\/ 0\)|, 0\))$/);
    });

    it('lists the test digits of a clicked cell, worst first, with true and predicted label and probability', async () => {
      const runDir = newestRun(runsDir)?.path ?? '';
      const cells = readTestCells(runDir);
      // The off-diagonal cell with the most samples: the network's most common mistake.
      let target = { actual: 0, predicted: 1, size: 0 };
      cells?.cells.forEach((row, actual) => {
        row.forEach((samples, predicted) => {
          if (actual !== predicted && samples.length > target.size)
            target = { actual, predicted, size: samples.length };
        });
      });
      expect(target.size).toBeGreaterThan(1);
      await page.click(`td[data-actual="${target.actual}"][data-predicted="${target.predicted}"]`);
      const request = parseWebviewMessage((await posted(page)).at(-1));
      expect(request).toEqual({
        type: 'cellDigits',
        runId: stream[0]?.run?.id,
        epoch: 2,
        actual: target.actual,
        predicted: target.predicted,
      });
      if (request?.type !== 'cellDigits') throw new Error('no request for the cell');
      // The host's answer, as the extension computes it: the run looked up by id, the digits from its test set.
      const record = findRun(runsDir, request.runId);
      if (!record) throw new Error(`run ${request.runId} not found`);
      await send(page, await cellDigits(record, request));
      await page.waitForSelector('figure.digit');
      const listed = cells?.cells[target.actual]?.[target.predicted] ?? [];
      const figures = await page.$$eval('figure.digit', (nodes) =>
        nodes.map((node) => ({
          index: Number((node as HTMLElement).dataset.index),
          caption: node.querySelector('figcaption')?.textContent,
          alpha: Array.from(
            node.querySelector('canvas')?.getContext('2d')?.getImageData(0, 0, 28, 28).data ?? [],
          ).filter((_, i) => i % 4 === 3),
        })),
      );
      expect(figures.map((f) => f.index)).toEqual(listed.map(([index]) => index));
      const [index, probability] = listed[0] ?? [0, 0];
      expect(figures[0]?.caption).toBe(
        `#${index} · true ${target.actual} · predicted ${target.predicted} · ${(100 * probability).toFixed(1)}%`,
      );
      // The pixels are the real test digit's: its ink is the canvas's opacity.
      const test = await loadTestImages(record.config);
      expect(figures[0]?.alpha).toEqual(Array.from(test.images.subarray(index * 784, (index + 1) * 784)));
      expect(test.labels[index]).toBe(target.actual);
      expect(await page.textContent('.digits-heading')).toContain('most confident mistakes first');

      await saveScreenshot(page.locator('#confusion-section'), 'confusion');
    });

    it('drops an answer for a cell it no longer asks about, and says why a cell has no digits', async () => {
      const record = newestRun(runsDir);
      if (!record) throw new Error('no run');
      const runId = stream[0]?.run?.id ?? '';
      const before = await page.$$eval('figure.digit', (nodes) => nodes.length);
      await send(page, await cellDigits(record, { type: 'cellDigits', runId, epoch: 2, actual: 9, predicted: 9 }));
      expect(await page.$$eval('figure.digit', (nodes) => nodes.length)).toBe(before);
      await page.click('td[data-actual="3"][data-predicted="3"]');
      const stale = await cellDigits(record, { type: 'cellDigits', runId, epoch: 1, actual: 3, predicted: 3 });
      expect(stale.problem).toBe('the run folder holds the digits of epoch 2, not of epoch 1');
      await send(page, { ...stale, epoch: 2 });
      await page.waitForFunction(() => document.querySelector('.digits-heading')?.textContent?.startsWith('No digits'));
      expect(consoleErrors).toEqual([]);
    });
  },
);
