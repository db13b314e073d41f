import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUnitStatistics, trainMnist, type UnitStatisticsRecord } from '../src/index';
import { runCli } from './cli-process';
import { cliPath, quickConfig, tempDir, workerPath } from './support';

const CHROMIUM = '/usr/bin/chromium';
const reportPage = join(cliPath, '..', 'report', 'report-page.js');
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium)`
  : !existsSync(reportPage)
    ? `${reportPage} is missing: build @nn/train first`
    : undefined;
if (skipReason) console.log(`SKIPPED nn report unit pages tests: ${skipReason}`);

/** Units the test makes dead, spread over the layer (the first of them on the first page as trained). */
const DEAD = [5, 70, 99];
const UNITS = 100;
/** Tiles of a page: 8 columns of 28×3 pixels and a 2-pixel gap each. */
const PITCH = 86;
const COLUMNS = 8;

describe.skipIf(skipReason !== undefined)(
  `nn report: a first layer of ${UNITS} units paged in any order${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let units: UnitStatisticsRecord;
    let browser: Browser;
    let page: Page;
    let out: string;
    const consoleProblems: string[] = [];
    const order = () => page.$eval('canvas.heatmap[data-layer="0"]', (n) => (n as HTMLElement).dataset.order);
    const pager = () => page.$eval('.unit-pager', (n) => (n as HTMLElement).textContent);
    const all = Array.from({ length: UNITS }, (_, u) => u);

    beforeAll(async () => {
      const config = quickConfig({ limit: 600, threads: 1, hiddenLayers: [UNITS] });
      const { runDir } = await trainMnist(config, { workerPath });
      const recorded = readUnitStatistics(runDir);
      if (!recorded) throw new Error('the run recorded no unit statistics');
      for (const unit of DEAD) recorded.active[unit] = 0;
      writeFileSync(join(runDir, 'unit-statistics.json'), JSON.stringify(recorded));
      units = recorded;
      out = join(tempDir(), 'report.html');
      const { code, stderr } = await runCli(['report', runDir, '--out', out]);
      expect(code, stderr).toBe(0);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      });
      const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 1600 } });
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

    it('pages through the units as trained: 1–64, then 65–100', async () => {
      expect(await pager()).toContain(`units 1–64 of ${UNITS}, as trained`);
      expect(await order()).toBe(all.slice(0, 64).join(','));
      await page.click('button.unit-next');
      expect(await pager()).toContain(`units 65–100 of ${UNITS}, as trained`);
      expect(await order()).toBe(all.slice(64).join(','));
      expect(await page.isDisabled('button.unit-next')).toBe(true);
      // Dead units outside the page are still counted; those on it are outlined.
      const dead = units.active.flatMap((n, u) => (n === 0 ? [u] : []));
      expect(await page.$eval('.dead-count', (n) => (n as HTMLElement).dataset.dead)).toBe(String(dead.length));
      const badges = await page.$$eval('.dead-unit', (nodes) =>
        nodes.map((n) => Number((n as HTMLElement).dataset.unit)),
      );
      expect(badges).toEqual(dead.filter((u) => u >= 64));
      await page.click('button.unit-previous');
      expect(await order()).toBe(all.slice(0, 64).join(','));
      expect(consoleProblems).toEqual([]);
    });

    it('sorted by how often units fire: the most active first, the dead ones marked on the last page', async () => {
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      await page.selectOption('select.unit-sort', 'active');
      expect(await pager()).toContain(`units 1–64 of ${UNITS}, by how often it fires`);
      expect((await order())?.split(',')[0]).toBe(String(byActive[0]));
      expect(units.active[byActive[0]!]).toBe(Math.max(...units.active));
      await page.click('button.unit-dead-page');
      expect(await page.$eval('.unit-pager', (n) => (n as HTMLElement).dataset.page)).toBe('2');
      expect(await order()).toBe(byActive.slice(64).join(','));
      const dead = units.active.flatMap((n, u) => (n === 0 ? [u] : []));
      const badges = await page.$$eval('.dead-unit', (nodes) =>
        nodes.map((n) => Number((n as HTMLElement).dataset.unit)),
      );
      expect(badges).toEqual(dead);
      // Dead units sort last: the last tile drawn is the highest-numbered dead unit.
      expect(byActive.at(-1)).toBe(dead.at(-1));
    });

    it('a click on a tile of page 2 lists that unit’s top digits', async () => {
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      // The second tile of page 2 (row 0, column 1).
      const unit = byActive[65]!;
      const canvas = page.locator('canvas.heatmap[data-layer="0"]');
      const box = await canvas.boundingBox();
      const scale = ((box?.width ?? 0) - 2) / (COLUMNS * PITCH - 2);
      await canvas.click({ position: { x: 1 + (PITCH + 42) * scale, y: 1 + 42 * scale } });
      await page.waitForSelector('.unit-digits figure.digit');
      const shown = await page.$$eval('.unit-digits figure.digit', (nodes) =>
        nodes.map((n) => Number((n as HTMLElement).dataset.index)),
      );
      expect(shown).toEqual(units.top[unit]!.map(([index]) => index));
      expect(await page.textContent('.unit-digits .digits-heading')).toContain(`Unit ${unit} fires on`);
      console.log(`report of a ${UNITS}-unit first layer: ${(statSync(out).size / 1e6).toFixed(2)} MB`);
      expect(consoleProblems).toEqual([]);
    });
  },
);
