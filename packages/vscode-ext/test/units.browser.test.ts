import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadTestImages,
  readRun,
  readUnitStatistics,
  type TrainEpochEvent,
  type UnitStatisticsRecord,
} from '@nn/train';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebviewMessage, type UpdateMessage } from '../src/protocol';
import { findRun, newestRun } from '../src/train-adapter';
import { unitDigits, unitsOf } from '../src/unit-details';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { missingBuild, packageDir, recordRealRun } from './recorded-run';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED unit and histogram browser tests: ${skipReason}`);

const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
/** The unit the test makes dead: its recorded statistics say it never fired. */
const DEAD = 5;
/** Tiles of a 16-unit first layer: 4 columns, 28×3 pixels and a 2-pixel gap each. */
const PITCH = 86;

describe.skipIf(skipReason !== undefined)(
  `units and weight histograms in the dashboard, headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let stream: UpdateMessage[];
    let units: UnitStatisticsRecord;
    let runDir: string;
    const storage = mkdtempSync(join(tmpdir(), 'nn-vscode-'));
    const runsDir = join(storage, 'runs');
    const consoleErrors: string[] = [];

    /** Answers the page's newest request of `type` as the extension host does: the run looked up by its id. */
    async function answer(type: 'units' | 'unitDigits'): Promise<void> {
      const request = parseWebviewMessage(
        (await posted(page)).filter((m) => (m as { type: string }).type === type).at(-1),
      );
      const record = request && 'runId' in request ? findRun(runsDir, request.runId) : undefined;
      if (!record) throw new Error(`no ${type} request for a run in the runs folder`);
      if (request?.type === 'units') await send(page, unitsOf(record));
      else if (request?.type === 'unitDigits') await send(page, await unitDigits(record, request));
    }

    const tileScale = async () => {
      const box = await page.locator('canvas.heatmap[data-layer="0"]').boundingBox();
      if (!box) throw new Error('no first-layer canvas');
      return { box, scale: (box.width - 2) / (4 * PITCH - 2) };
    };

    beforeAll(async () => {
      const settings = { 'nn.recipe': 'default', 'nn.hiddenLayers': '16', 'nn.epochs': 2, 'nn.limit': 600 };
      stream = await recordRealRun(settings, storage);
      runDir = newestRun(runsDir)?.path ?? '';
      // A constructed dead unit: the statistics as recorded, but unit 5 never fires (what a dead relu unit records).
      const recorded = readUnitStatistics(runDir);
      if (!recorded) throw new Error('the run recorded no unit statistics');
      recorded.active[DEAD] = 0;
      writeFileSync(join(runDir, 'unit-statistics.json'), JSON.stringify(recorded));
      units = recorded;
      server = await serveDashboard('dashboard');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
          consoleErrors.push(`${message.text()} (${message.location().url})`);
        }
      });
      await page.addInitScript(editorShim);
      await page.goto(server.url);
      for (const message of stream) await send(page, message);
      await page.waitForFunction(() => document.body.dataset.status === 'finished');
      await answer('units');
      await page.waitForFunction(() => document.body.dataset.unitsEpoch === '2');
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('asks the host for the run’s units by id and marks every dead unit, with a count and a tooltip', async () => {
      const requests = (await posted(page)).filter((m) => (m as { type: string }).type === 'units');
      expect(requests.at(-1)).toEqual({ type: 'units', runId: stream[0]?.run?.id });
      const dead = units.active.flatMap((n, u) => (n === 0 ? [String(u)] : []));
      expect(dead).toContain(String(DEAD));
      const badges = await page.$$eval('.dead-unit', (nodes) => nodes.map((n) => (n as HTMLElement).dataset.unit));
      expect(badges).toEqual(dead);
      const title = await page.getAttribute(`.dead-unit[data-unit="${DEAD}"]`, 'title');
      expect(title).toMatch(/^Unit 5: never fires on the 10000 test images/);
      const count = await page.textContent('.dead-count');
      const named = `${dead.length === 1 ? 'unit' : 'units'} ${dead.join(', ')}`;
      expect(count).toBe(`${dead.length} of 16 units dead (never fire on the test set, epoch 2): ${named}, outlined.`);
      // On unit 5's tile: row 1, column 1.
      const { box, scale } = await tileScale();
      const badge = await page.locator(`.dead-unit[data-unit="${DEAD}"]`).boundingBox();
      expect((badge?.x ?? 0) - box.x - 1).toBeCloseTo(PITCH * scale, 0);
      expect((badge?.y ?? 0) - box.y - 1).toBeCloseTo(PITCH * scale, 0);
      expect(consoleErrors).toEqual([]);
    });

    it('shows neither tiles nor histograms before there is a run (the empty state says what to do)', async () => {
      const empty = await browser.newPage();
      await empty.addInitScript(editorShim);
      await empty.goto(server.url);
      await empty.waitForFunction(() => document.body.dataset.hasRun === 'false');
      expect(await empty.locator('#histograms-section').isVisible()).toBe(false);
      expect(await empty.locator('#weights-section').isVisible()).toBe(false);
      await empty.close();
    });

    it('reorders the tiles by weight norm and by how often each unit fires', async () => {
      const order = () => page.$eval('canvas.heatmap[data-layer="0"]', (n) => (n as HTMLElement).dataset.order);
      const all = units.active.map((_, u) => u);
      expect(await order()).toBe(all.join(','));
      await page.selectOption('select.unit-sort', 'norm');
      expect(await order()).toBe(
        [...all].sort((p, q) => units.weightNorms[q]! - units.weightNorms[p]! || p - q).join(','),
      );
      await page.selectOption('select.unit-sort', 'active');
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      expect(await order()).toBe(byActive.join(','));
      // The hover read-out names the unit under the pointer in the new order, and how often it fires.
      const { scale } = await tileScale();
      await page
        .locator('canvas.heatmap[data-layer="0"]')
        .hover({ position: { x: 1 + 40 * scale, y: 1 + 40 * scale } });
      const first = byActive[0]!;
      expect(await page.textContent('.readout:not([hidden])')).toMatch(
        new RegExp(`^unit ${first}, .* fires on ${((100 * units.active[first]!) / 10000).toFixed(1)}% of test images`),
      );
      await page.selectOption('select.unit-sort', 'trained');
    });

    it('a click on a tile lists the test digits that excite that unit most, from the real test set', async () => {
      const unit = 2;
      const { scale } = await tileScale();
      await page
        .locator('canvas.heatmap[data-layer="0"]')
        .click({ position: { x: 1 + (2 * PITCH + 42) * scale, y: 1 + 42 * scale } });
      const request = parseWebviewMessage((await posted(page)).at(-1));
      expect(request).toEqual({ type: 'unitDigits', runId: stream[0]?.run?.id, epoch: 2, unit });
      await answer('unitDigits');
      await page.waitForSelector('.unit-digits figure.digit');
      const figures = await page.$$eval('.unit-digits figure.digit', (nodes) =>
        nodes.map((node) => ({
          index: Number((node as HTMLElement).dataset.index),
          alpha: Array.from(
            node.querySelector('canvas')?.getContext('2d')?.getImageData(0, 0, 28, 28).data ?? [],
          ).filter((_, i) => i % 4 === 3),
        })),
      );
      expect(figures.map((f) => f.index)).toEqual(units.top[unit]!.map(([index]) => index));
      const test = await loadTestImages(readRun(runDir).config);
      const index = figures[0]?.index ?? 0;
      expect(figures[0]?.alpha).toEqual(Array.from(test.images.subarray(index * 784, (index + 1) * 784)));
      expect(await page.textContent('.unit-digits .digits-heading')).toContain(
        `Unit ${unit} fires on ${units.active[unit]} of 10000 test images`,
      );
      const shots = join(packageDir, 'test-results');
      mkdirSync(shots, { recursive: true });
      await page.locator('#weights-section').screenshot({ path: join(shots, 'units.png') });
      if (process.env.NN_UPDATE_SCREENSHOT === '1') {
        copyFileSync(join(shots, 'units.png'), join(packageDir, 'media', 'screenshot-units.png'));
      }
    });

    it('draws a histogram per layer per epoch whose read-out gives the recorded counts', async () => {
      const recorded = readRun(runDir).events.filter((e): e is TrainEpochEvent => e.type === 'epoch');
      expect(await page.$$eval('canvas.histogram', (nodes) => nodes.length)).toBe(2);
      for (const layer of [0, 1]) {
        const canvas = page.locator(`canvas.histogram[data-layer="${layer}"]`);
        const box = await canvas.boundingBox();
        if (!box) throw new Error(`no histogram canvas for layer ${layer}`);
        for (const [fx, fy] of [
          [0.5, 0.75],
          [0.6, 0.25],
        ] as const) {
          await canvas.hover({ position: { x: box.width * fx, y: box.height * fy } });
          const text = (await page.textContent(`.histogram-block:nth-child(${layer + 1}) .readout`)) ?? '';
          const match = /^epoch (\d+): (\d+) of (\d+) weights in .* \(bin (\d+) of 40\)$/.exec(text);
          expect(match, text).not.toBeNull();
          const [, epoch, count, total, bin] = match!.map(Number);
          expect(count).toBe(recorded.find((e) => e.epoch === epoch)?.histograms?.[layer]?.counts[bin! - 1]);
          expect(total).toBe(layer === 0 ? 784 * 16 : 16 * 10);
        }
      }
      const shots = join(packageDir, 'test-results');
      await page.locator('#histograms-section').screenshot({ path: join(shots, 'histograms.png') });
      if (process.env.NN_UPDATE_SCREENSHOT === '1') {
        copyFileSync(join(shots, 'histograms.png'), join(packageDir, 'media', 'screenshot-histograms.png'));
      }
      expect(consoleErrors).toEqual([]);
    });

    it('redraws the histograms in the new theme colour when the theme switches', async () => {
      // The most opaque bin pixel of the first layer's chart: its colour's channels.
      const strongest = () =>
        page.$eval('canvas.histogram[data-layer="0"]', (node) => {
          const canvas = node as HTMLCanvasElement;
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          let best = [0, 0, 0, 0];
          for (let i = 0; i < data.length; i += 4) {
            // Right of the epoch labels (58 px), where only the bins are drawn.
            if ((i / 4) % canvas.width >= 60 && data[i + 3]! > best[3]!) best = Array.from(data.slice(i, i + 4));
          }
          return best;
        });
      const [r0, , b0] = await strongest();
      expect(b0).toBeGreaterThan(r0!);
      await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-blue', '#ff0000'));
      await page.waitForFunction(() => {
        const canvas = document.querySelector('canvas.histogram') as HTMLCanvasElement;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
        for (let i = 0; i < data.length; i += 4)
          if (data[i + 3] === 255 && data[i]! > 200 && data[i + 2]! < 50) return true;
        return false;
      });
      const [r1, , b1] = await strongest();
      expect(r1).toBeGreaterThan(b1!);
      await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-blue', '#3794ff'));
    });
  },
);
