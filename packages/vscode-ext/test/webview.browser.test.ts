import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../src/protocol';
import { loadLastRun } from '../src/train-adapter';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { missingBuild, recordRealRun } from './recorded-run';
import { saveScreenshot } from './screenshots';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED dashboard browser tests: ${skipReason}`);

/** Per heatmap canvas: how many distinct colours it shows, and a checksum of its pixels. */
function readHeatmaps(page: Page): Promise<{ colors: number; checksum: number }[]> {
  return page.$$eval('canvas.heatmap', (canvases) =>
    (canvases as HTMLCanvasElement[]).map((canvas) => {
      const data =
        canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      const colors = new Set<number>();
      let checksum = 0;
      for (let i = 0; i < data.length; i += 4) {
        const rgb = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
        colors.add(rgb);
        checksum = (checksum * 31 + rgb) >>> 0;
      }
      return { colors: colors.size, checksum };
    }),
  );
}

/** When a snapshot's weights were taken: epoch and batch (batch 0 for weights read from an epoch's checkpoint). */
const snapshotLabel = (message: UpdateMessage) => `${message.weights?.epoch}:${message.weights?.batch}`;

const dataset = (page: Page) => page.evaluate(() => ({ ...document.body.dataset }));

describe.skipIf(skipReason !== undefined)(
  `dashboard webview in headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let stream: UpdateMessage[];
    const cspViolations: string[] = [];
    const storage = mkdtempSync(join(tmpdir(), 'nn-vscode-'));

    beforeAll(async () => {
      // The README's screenshot comes from a longer run, so its weights have had time to form strokes. A shorter run
      // can end before the feed's first flush (every 100 ms), and then the page only ever gets the final weights.
      const limit = process.env.NN_UPDATE_SCREENSHOT === '1' ? 30_000 : 12_000;
      stream = await recordRealRun(
        {
          'nn.recipe': 'default',
          'nn.hiddenLayers': '16',
          'nn.epochs': 3,
          'nn.limit': limit,
          'nn.batchSize': 32,
        },
        storage,
        // Batches and snapshots far more often than fit()'s defaults, so even this tiny, fast run streams many of each.
        { batchEventInterval: 20, snapshotInterval: 50 },
      );
      server = await serveDashboard('dashboard');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
      });
      await page.addInitScript(editorShim);
      await page.goto(server.url);
      await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
      );
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('records a real run: points, epochs and several weight snapshots', () => {
      expect(stream[0]?.run?.layerSizes).toEqual([784, 16, 10]);
      expect(stream.flatMap((m) => m.epochs).map((e) => e.epoch)).toEqual([1, 2, 3]);
      expect(new Set(stream.filter((m) => m.weights).map(snapshotLabel)).size).toBeGreaterThanOrEqual(2);
      expect(stream.at(-1)?.status).toBe('finished');
    });

    it('reads the finished run back from its folder: curves and final weights (dashboard after a reload)', async () => {
      const replay = await loadLastRun(join(storage, 'runs'));
      expect(replay?.status).toBe('finished');
      expect(replay?.epochs.map((e) => e.testAccuracy)).toEqual(
        stream.flatMap((m) => m.epochs).map((e) => e.testAccuracy),
      );
      expect(replay?.weights?.layers.map((l) => [l.rows, l.cols])).toEqual([
        [16, 784],
        [10, 16],
      ]);
      expect(replay?.weights?.layers[0]?.weights).toEqual(
        [...stream].reverse().find((m) => m.weights)?.weights?.layers[0]?.weights,
      );
    });

    it('before any run, says what Train MNIST does and offers it, instead of empty axes', async () => {
      expect(await page.locator('#empty').isVisible()).toBe(true);
      expect(await page.locator('#curves').isVisible()).toBe(false);
      expect(await page.textContent('#empty')).toContain('trains a network on the 60,000 handwritten digits');
      await page.click('#train');
      const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
      expect(posted.at(-1)).toEqual({ type: 'train' });
    });

    it('draws the curves and heatmaps, and the heatmaps change with new snapshots', async () => {
      // The first snapshot taken before the final weights: the stream may also send those more than once.
      const finalLabel = snapshotLabel([...stream].reverse().find((m) => m.weights) ?? stream[0]!);
      let first: { colors: number; checksum: number }[] | undefined;
      let snapshotsSent = 0;
      for (const message of stream) {
        await send(page, message);
        if (message.weights) snapshotsSent++;
        if (message.weights && !first && snapshotLabel(message) !== finalLabel) {
          await page.waitForFunction((sent) => document.body.dataset.snapshots === String(sent), snapshotsSent);
          first = await readHeatmaps(page);
        }
      }
      await page.waitForFunction(() => document.body.dataset.status === 'finished');
      await page.evaluate(() => new Promise(requestAnimationFrame));
      expect(await page.locator('#empty').isVisible()).toBe(false);
      const shown = await dataset(page);
      const batches = stream.reduce((n, m) => n + m.batches.length, 0);
      // Raw and smoothed batch loss, train and test loss per epoch, and the best epoch's marker.
      expect(Number(shown.lossPoints)).toBe(2 * batches + 3 + 3 + 1);
      expect(Number(shown.accuracyPoints)).toBe(6 + 1);
      const testLosses = stream.flatMap((m) => m.epochs).map((e) => e.testLoss ?? Number.POSITIVE_INFINITY);
      expect(Number(shown.bestEpoch)).toBe(testLosses.indexOf(Math.min(...testLosses)) + 1);
      const last = await readHeatmaps(page);
      expect(last).toHaveLength(2);
      for (const heatmap of last) expect(heatmap.colors).toBeGreaterThan(20);
      expect(last[0]?.checksum).not.toBe(first?.[0]?.checksum);
      const runId = stream[0]?.run?.id ?? '';
      expect(runId).toMatch(/^\d{4}-\d\d-\d\d-\d{6}-default$/);
      expect(await page.textContent('#status')).toBe(
        `Run ${runId} · epoch 3/3 · test accuracy ${((stream.at(-1)?.finalTestAccuracy ?? Number.NaN) * 100).toFixed(1)}% · finished`,
      );
      expect(await page.locator('#resume').isVisible()).toBe(false);
      // The effective configuration: the recipe with this test's overrides.
      const config = await page.$$eval('#config-table tr', (rows) => rows.map((row) => row.textContent));
      expect(config.slice(0, 3)).toEqual(['recipedefault', 'datasetdigits', 'hidden layers16']);
      expect(config).toContain('batch size32');

      // The README's pictures (NN_UPDATE_SCREENSHOT=1): the curves, the weights, and the top of the page as it opens.
      await saveScreenshot(page.locator('#curves'), 'curves');
      await saveScreenshot(page.locator('#weights-section'), 'weights');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'dashboard');
    });

    it('shows unit and value beside the pointer and outlines the tile under it', async () => {
      const box = await page.locator('canvas.heatmap').first().boundingBox();
      if (!box) throw new Error('the first heatmap has no box');
      await page.mouse.move(box.x + 40, box.y + 40);
      const readout = page.locator('.readout').first();
      expect(await readout.textContent()).toMatch(/^unit 0, pixel \(\d+, \d+\): w = -?\d/);
      const shown = await readout.boundingBox();
      expect(shown && Math.abs(shown.y - (box.y + 40 + 14))).toBeLessThan(2);
      const outline = await page.locator('.highlight').first().boundingBox();
      expect(outline && [outline.x, outline.y]).toEqual([box.x + 1, box.y + 1]);
      expect(outline && Math.round(outline.width)).toBe(84);
    });

    it('draws the first layer on one scale by default, and per unit on request', async () => {
      const layerScale = await readHeatmaps(page);
      await page.click('#layer-scale');
      const perUnit = await readHeatmaps(page);
      expect(perUnit[0]?.checksum).not.toBe(layerScale[0]?.checksum);
      expect(await page.textContent('.legend-text')).toContain('each unit on its own scale');
      await page.click('#layer-scale');
      expect((await readHeatmaps(page))[0]?.checksum).toBe(layerScale[0]?.checksum);
    });

    it('switches the loss axis to a log scale and back', async () => {
      expect(await page.evaluate(() => document.body.dataset.lossScale)).toBe('linear');
      await page.click('#log-loss');
      expect(await page.evaluate(() => document.body.dataset.lossScale)).toBe('logarithmic');
      await page.click('#log-loss');
      expect(await page.evaluate(() => document.body.dataset.lossScale)).toBe('linear');
    });

    it('follows a theme switch live: the charts take the new foreground colour', async () => {
      expect(await page.evaluate(() => document.body.dataset.chartForeground)).toBeUndefined();
      await page.evaluate(() => {
        document.body.className = 'vscode-light';
        document.documentElement.style.setProperty('--vscode-foreground', '#1f1f1f');
      });
      await page.waitForFunction(() => document.body.dataset.chartForeground === '#1f1f1f');
      await page.evaluate(() => document.documentElement.style.setProperty('--vscode-foreground', '#cccccc'));
      await page.waitForFunction(() => document.body.dataset.chartForeground === '#cccccc');
    });

    it('offers Resume for a stopped run with a checkpoint, and asks the host with the run id', async () => {
      const run = stream[0]?.run;
      await send(page, { type: 'update', seq: 999, status: 'stopped', resumable: true, batches: [], epochs: [] });
      await page.waitForFunction(() => document.body.dataset.status === 'stopped');
      await page.click('#resume');
      const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
      expect(posted.at(-1)).toEqual({ type: 'resume', runId: run?.id });
      await send(page, { type: 'update', seq: 1000, status: 'finished', batches: [], epochs: [] });
      await page.waitForFunction(() => document.body.dataset.status === 'finished');
      expect(await page.locator('#resume').isVisible()).toBe(false);
      // The effective configuration: the recipe with this test's overrides.
      const config = await page.$$eval('#config-table tr', (rows) => rows.map((row) => row.textContent));
      expect(config.slice(0, 3)).toEqual(['recipedefault', 'datasetdigits', 'hidden layers16']);
      expect(config).toContain('batch size32');
    });

    it('blocks an injected inline script (CSP) and ignores a malformed message, reporting it', async () => {
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
      });
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
      expect(cspViolations.length).toBeGreaterThan(0);

      await send(page, { type: 'update', batches: 'lots', epochs: [] });
      const posted = await page.evaluate(
        () => (window as unknown as { __posted: { type: string; message?: string }[] }).__posted,
      );
      expect(posted.at(-1)?.type).toBe('error');
      expect(posted.at(-1)?.message).toContain('ignored a malformed or unknown message: type "update"');
    });

    it('comes back after a reload with its curves from the saved state, which holds no weights', async () => {
      const before = await dataset(page);
      await page.reload();
      await page.waitForFunction(() => document.body.dataset.lossPoints !== undefined);
      const after = await dataset(page);
      expect(after.lossPoints).toBe(before.lossPoints);
      expect(after.accuracyPoints).toBe(before.accuracyPoints);
      const saved = await page.evaluate(() => sessionStorage.getItem('state') ?? '');
      expect(saved).not.toContain('weights');
      expect(await readHeatmaps(page)).toEqual([]);
      // The host answers the page's ready with the replay, which brings the newest weights.
      const replay = await loadLastRun(join(storage, 'runs'));
      await send(page, replay);
      await page.waitForFunction(() => document.body.dataset.snapshots === '1');
      expect((await readHeatmaps(page))[0]?.colors).toBeGreaterThan(20);
      // The replay's points replace those restored from the saved state; they are not drawn twice.
      expect((await dataset(page)).lossPoints).toBe(before.lossPoints);
      const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
      expect(posted.at(-1)).toEqual({ type: 'drawn', seq: replay?.seq });
    });

    it('shows only the heatmaps in the weights view', async () => {
      await send(page, { type: 'view', view: 'weights' });
      await page.waitForFunction(() => document.body.dataset.view === 'weights');
      expect(await page.locator('#curves').isVisible()).toBe(false);
      expect(await page.locator('canvas.heatmap').first().isVisible()).toBe(true);
    });
  },
);
