import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunRecord, readUnitStatistics, type UnitStatisticsRecord } from '@nn/train';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebviewMessage, type UpdateMessage } from '../src/protocol';
import { RunFeed } from '../src/run-feed';
import { loadFinalWeights, newestRun } from '../src/train-adapter';
import { unitDigits, unitsOf } from '../src/unit-details';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { missingBuild, packageDir, recordRealRun } from './recorded-run';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED unit pages browser tests: ${skipReason}`);

const UNITS = 100;
/** Units the test makes dead, spread over the layer. */
const DEAD = [5, 70, 99];
/** Tiles of a page: 8 columns of 28×3 pixels and a 2-pixel gap each. */
const PITCH = 86;
const COLUMNS = 8;

describe.skipIf(skipReason !== undefined)(
  `a first layer of ${UNITS} units paged in the dashboard${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let record: RunRecord;
    let units: UnitStatisticsRecord;
    /** The host's side, as the extension has it for an opened run: the run's feed, and what it posts. */
    let feed: RunFeed;
    const outbox: UpdateMessage[] = [];
    let forwarded = 0;
    const consoleErrors: string[] = [];
    const all = Array.from({ length: UNITS }, (_, u) => u);

    const posted = () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    const order = () => page.$eval('canvas.heatmap[data-layer="0"]', (n) => (n as HTMLElement).dataset.order);
    const badges = () =>
      page.$$eval('.dead-unit', (nodes) => nodes.map((n) => Number((n as HTMLElement).dataset.unit)));

    /**
     * Passes the page's messages to the host as the panel does (`drawn`, `tileUnits`) and the host's updates back,
     * until the page asks for nothing more; returns the page's tile requests.
     */
    async function host(): Promise<number[][]> {
      const asked: number[][] = [];
      for (let round = 0; round < 20; round++) {
        const fresh = (await posted()).slice(forwarded);
        forwarded += fresh.length;
        for (const raw of fresh) {
          const message = parseWebviewMessage(raw);
          if (message?.type === 'drawn') feed.drawn(message.seq);
          if (message?.type === 'tileUnits') {
            asked.push(message.units);
            feed.showTileUnits(message.units);
          }
        }
        // The feed posts within its 100 ms update interval.
        await new Promise((resolve) => setTimeout(resolve, 150));
        const updates = outbox.splice(0);
        for (const update of updates) await send(page, update);
        if (fresh.length === 0 && updates.length === 0) return asked;
      }
      throw new Error('the page and the host kept exchanging messages');
    }

    async function expectOrder(units: number[]): Promise<void> {
      await host();
      expect(await order()).toBe(units.join(','));
      expect(await page.isHidden('.unit-waiting')).toBe(true);
    }

    beforeAll(async () => {
      const storage = mkdtempSync(join(tmpdir(), 'nn-vscode-'));
      const settings = { 'nn.recipe': 'default', 'nn.hiddenLayers': String(UNITS), 'nn.epochs': 2, 'nn.limit': 600 };
      await recordRealRun(settings, storage);
      const found = newestRun(join(storage, 'runs'));
      if (!found) throw new Error('the run left no run folder');
      record = found;
      const recorded = readUnitStatistics(record.path);
      if (!recorded) throw new Error('the run recorded no unit statistics');
      for (const unit of DEAD) recorded.active[unit] = 0;
      writeFileSync(join(record.path, 'unit-statistics.json'), JSON.stringify(recorded));
      units = recorded;
      feed = new RunFeed((message) => outbox.push(message) > 0);
      for (const event of record.events) feed.apply(event);
      const weights = await loadFinalWeights(record.path, record.completedEpochs);
      if (!weights) throw new Error('the run has no final weights');
      feed.showWeights(weights);
      feed.setStatus('finished');
      outbox.splice(0);
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
      await send(page, feed.replay());
      await page.waitForFunction(() => document.body.dataset.status === 'finished');
      await send(page, unitsOf(record));
      await page.waitForFunction(() => document.body.dataset.unitsEpoch === '2');
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows units 1–64 as trained, and the next page brings units 65–100 from the host', async () => {
      await expectOrder(all.slice(0, 64));
      expect(await page.textContent('.unit-pager')).toContain(`units 1–64 of ${UNITS}, as trained`);
      const pixels = () =>
        page.$eval('canvas.heatmap[data-layer="0"]', (n) => (n as HTMLCanvasElement).toDataURL().length);
      const before = await pixels();
      await page.click('button.unit-next');
      expect(await page.textContent('.unit-pager')).toContain(`units 65–100 of ${UNITS}, as trained`);
      // Until the host answers, the tiles of page 1 stay (not a half-empty page) and the page says it is loading.
      expect(await order()).toBe(all.slice(0, 64).join(','));
      expect(await page.isVisible('.unit-waiting')).toBe(true);
      expect(await host()).toEqual([all.slice(64)]);
      await expectOrder(all.slice(64));
      expect(await pixels()).not.toBe(before);
      expect(await badges()).toEqual(units.active.flatMap((n, u) => (n === 0 && u >= 64 ? [u] : [])));
      await page.click('button.unit-previous');
      await expectOrder(all.slice(0, 64));
      expect(consoleErrors).toEqual([]);
    });

    it('sorted by how often units fire: the most active first, the dead ones marked on the last page', async () => {
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      await page.selectOption('select.unit-sort', 'active');
      await expectOrder(byActive.slice(0, 64));
      expect(units.active[byActive[0]!]).toBe(Math.max(...units.active));
      await page.click('button.unit-dead-page');
      await expectOrder(byActive.slice(64));
      expect(await page.$eval('.unit-pager', (n) => (n as HTMLElement).dataset.page)).toBe('2');
      expect(await badges()).toEqual(units.active.flatMap((n, u) => (n === 0 ? [u] : [])));
      expect(await page.$eval('.dead-count', (n) => (n as HTMLElement).dataset.dead)).toBe(
        String(units.active.filter((n) => n === 0).length),
      );
    });

    it('a click on a tile of page 2 lists that unit’s top digits', async () => {
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      const unit = byActive[65]!;
      const canvas = page.locator('canvas.heatmap[data-layer="0"]');
      const box = await canvas.boundingBox();
      const scale = ((box?.width ?? 0) - 2) / (COLUMNS * PITCH - 2);
      // The second tile of the page: row 0, column 1.
      await canvas.click({ position: { x: 1 + (PITCH + 42) * scale, y: 1 + 42 * scale } });
      const request = parseWebviewMessage((await posted()).at(-1));
      expect(request).toEqual({ type: 'unitDigits', runId: record.path.split('/').at(-1), epoch: 2, unit });
      if (request?.type !== 'unitDigits') throw new Error('no unit digits request');
      await send(page, await unitDigits(record, request));
      await page.waitForSelector('.unit-digits figure.digit');
      const shown = await page.$$eval('.unit-digits figure.digit', (nodes) =>
        nodes.map((n) => Number((n as HTMLElement).dataset.index)),
      );
      expect(shown).toEqual(units.top[unit]!.map(([index]) => index));
      expect(consoleErrors).toEqual([]);
      const shots = join(packageDir, 'test-results');
      mkdirSync(shots, { recursive: true });
      await page
        .locator('#weights-section section.layer')
        .first()
        .screenshot({ path: join(shots, 'unit-pages.png') });
      if (process.env.NN_UPDATE_SCREENSHOT === '1') {
        copyFileSync(join(shots, 'unit-pages.png'), join(packageDir, 'media', 'screenshot-unit-pages.png'));
      }
    });
  },
);
