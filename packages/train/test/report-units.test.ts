import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun, readUnitStatistics, type TrainEpochEvent, trainMnist, type UnitStatisticsRecord } from '../src/index';
import { runCli } from './cli-process';
import { cliPath, quickConfig, tempDir, workerPath } from './support';

const CHROMIUM = '/usr/bin/chromium';
const reportPage = join(cliPath, '..', 'report', 'report-page.js');
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium)`
  : !existsSync(reportPage)
    ? `${reportPage} is missing: build @nn/train first`
    : undefined;
if (skipReason) console.log(`SKIPPED nn report unit views tests: ${skipReason}`);

/** The unit the test makes dead: its recorded statistics say it never fired. */
const DEAD = 5;

describe.skipIf(skipReason !== undefined)(
  `nn report: units and histograms${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let runDir: string;
    let units: UnitStatisticsRecord;
    let browser: Browser;
    let page: Page;
    const consoleProblems: string[] = [];

    beforeAll(async () => {
      ({ runDir } = await trainMnist(quickConfig({ limit: 600, threads: 1, hiddenLayers: [16] }), { workerPath }));
      // A constructed dead unit: the statistics as recorded, but unit 5 never fires (what a dead relu unit records).
      const recorded = readUnitStatistics(runDir);
      if (!recorded) throw new Error('the run recorded no unit statistics');
      recorded.active[DEAD] = 0;
      writeFileSync(join(runDir, 'unit-statistics.json'), JSON.stringify(recorded));
      units = recorded;
      const out = join(tempDir(), 'report.html');
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

    it('marks the dead unit with a badge and a count, and says why in a tooltip', async () => {
      // Training may leave units dead by itself too: every unit the file says never fired is marked.
      const dead = units.active.flatMap((n, u) => (n === 0 ? [String(u)] : []));
      expect(dead).toContain(String(DEAD));
      const badges = await page.$$eval('.dead-unit', (nodes) => nodes.map((n) => (n as HTMLElement).dataset.unit));
      expect(badges).toEqual(dead);
      const title = await page.getAttribute(`.dead-unit[data-unit="${DEAD}"]`, 'title');
      expect(title).toMatch(/^Unit 5: never fires on the 10000 test images/);
      const count = await page.textContent('.dead-count');
      const named = `${dead.length === 1 ? 'unit' : 'units'} ${dead.join(', ')}`;
      expect(count).toBe(`${dead.length} of 16 units dead (never fire on the test set, epoch 2): ${named}, outlined.`);
      // The badge sits on unit 5's tile: row 1, column 1 of a 4×4 grid of 86-pixel pitches.
      const badge = await page.$(`.dead-unit[data-unit="${DEAD}"]`);
      const canvas = await page.$('canvas.heatmap[data-layer="0"]');
      const [b, c] = [await badge?.boundingBox(), await canvas?.boundingBox()];
      const scale = ((c?.width ?? 0) - 2) / (4 * 86 - 2);
      expect((b?.x ?? 0) - (c?.x ?? 0) - 1).toBeCloseTo(86 * scale, 0);
      expect((b?.y ?? 0) - (c?.y ?? 0) - 1).toBeCloseTo(86 * scale, 0);
      expect(consoleProblems).toEqual([]);
    });

    it('reorders the tiles by weight norm and by how often each unit fires', async () => {
      const order = () => page.$eval('canvas.heatmap[data-layer="0"]', (n) => (n as HTMLElement).dataset.order);
      const all = units.active.map((_, u) => u);
      expect(await order()).toBe(all.join(','));
      const byNorm = [...all].sort((p, q) => units.weightNorms[q]! - units.weightNorms[p]! || p - q);
      await page.selectOption('select.unit-sort', 'norm');
      expect(await order()).toBe(byNorm.join(','));
      const byActive = [...all].sort((p, q) => units.active[q]! - units.active[p]! || p - q);
      await page.selectOption('select.unit-sort', 'active');
      expect(await order()).toBe(byActive.join(','));
      // The dead badge follows its unit to the last row of tiles (dead units sort last).
      expect(byActive.indexOf(DEAD)).toBeGreaterThanOrEqual(12);
      const badge = await page.$(`.dead-unit[data-unit="${DEAD}"]`);
      const canvas = await page.$('canvas.heatmap[data-layer="0"]');
      const [b, c] = [await badge?.boundingBox(), await canvas?.boundingBox()];
      const scale = ((c?.width ?? 0) - 2) / (4 * 86 - 2);
      expect((b?.y ?? 0) - (c?.y ?? 0) - 1).toBeCloseTo(3 * 86 * scale, 0);
      await page.selectOption('select.unit-sort', 'trained');
    });

    it('a click on a tile lists the test digits that excite that unit most', async () => {
      const unit = 2;
      const canvas = await page.$('canvas.heatmap[data-layer="0"]');
      const box = await canvas?.boundingBox();
      const scale = ((box?.width ?? 0) - 2) / (4 * 86 - 2);
      // Unit 2's tile: row 0, column 2; click its middle.
      await canvas?.click({ position: { x: 1 + (2 * 86 + 42) * scale, y: 1 + 42 * scale } });
      const shown = await page.$$eval('.unit-digits figure.digit', (nodes) =>
        nodes.map((n) => Number((n as HTMLElement).dataset.index)),
      );
      expect(shown).toEqual(units.top[unit]!.map(([index]) => index));
      expect(shown).toHaveLength(12);
      const heading = await page.textContent('.unit-digits .digits-heading');
      expect(heading).toContain(`Unit ${unit} fires on ${units.active[unit]} of 10000 test images`);
      const caption = await page.textContent('.unit-digits figcaption');
      expect(caption).toBe(`#${units.top[unit]![0]![0]} · a = ${units.top[unit]![0]![1].toPrecision(3)}`);
      const ink = await page.$eval('.unit-digits figure.digit canvas', (canvas) =>
        Array.from((canvas as HTMLCanvasElement).getContext('2d')?.getImageData(0, 0, 28, 28).data ?? []).some(
          (v, i) => i % 4 === 3 && v > 0,
        ),
      );
      expect(ink).toBe(true);
    });

    it('draws a histogram per layer whose read-out gives the recorded counts', async () => {
      const recorded = readRun(runDir).events.filter((e): e is TrainEpochEvent => e.type === 'epoch');
      expect(await page.$$eval('canvas.histogram', (nodes) => nodes.length)).toBe(2);
      for (const layer of [0, 1]) {
        const canvas = await page.$(`canvas.histogram[data-layer="${layer}"]`);
        const box = await canvas?.boundingBox();
        if (!box) throw new Error(`no histogram canvas for layer ${layer}`);
        for (const [fx, fy] of [
          [0.5, 0.75],
          [0.6, 0.25],
        ] as const) {
          await canvas?.hover({ position: { x: box.width * fx, y: box.height * fy } });
          const text = (await page.textContent(`.histogram-block:nth-child(${layer + 1}) .readout`)) ?? '';
          const match = /^epoch (\d+): (\d+) of (\d+) weights in .* \(bin (\d+) of 40\)$/.exec(text);
          expect(match, text).not.toBeNull();
          const [, epoch, count, total, bin] = match!.map(Number);
          const histogram = recorded.find((e) => e.epoch === epoch)?.histograms?.[layer];
          expect(count).toBe(histogram?.counts[bin! - 1]);
          expect(total).toBe(layer === 0 ? 784 * 16 : 16 * 10);
        }
      }
      expect(JSON.parse(readFileSync(join(runDir, 'unit-statistics.json'), 'utf8')).active[DEAD]).toBe(0);
    });

    it('a run recorded before unit statistics: tiles as trained, no sort to pick, no dead marks, histograms still', async () => {
      rmSync(join(runDir, 'unit-statistics.json'));
      const out = join(tempDir(), 'old-report.html');
      const { code, stderr } = await runCli(['report', runDir, '--out', out]);
      expect(code, stderr).toBe(0);
      const old = await browser.newPage();
      await old.goto(pathToFileURL(out).href);
      await old.waitForFunction(() => document.body.dataset.rendered === 'true');
      expect(await old.textContent('.dead-count')).toMatch(/^No unit statistics recorded for this run/);
      expect(await old.isDisabled('select.unit-sort')).toBe(true);
      expect(await old.$$eval('.dead-unit', (nodes) => nodes.length)).toBe(0);
      expect(await old.$$eval('canvas.histogram', (nodes) => nodes.length)).toBe(2);
      await old.close();
    });
  },
);
