import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { listRuns, makeTrainConfig, trainMnist } from '@nn/train';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Uri } from 'vscode';
import { DashboardPanel } from '../src/dashboard-panel';
import { type HistoryMessage, parseWebviewMessage } from '../src/protocol';
import { DELETE } from '../src/run-history';
import { resolveRunId } from '../src/run-id';
import { findRun, isBeingWritten, isResumable, loadRun, newestRun } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { recorded, resetFake } from './fake-vscode';
import { bundledData, missingBuild, workerPath } from './recorded-run';
import { saveScreenshot, updatingScreens } from './screenshots';
import { ScriptedRun } from './scripted-run';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED history browser tests: ${skipReason}`);

const posted = (page: Page) =>
  page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => ({ ...m })));

/** How many pixels of a canvas are (nearly) the given colour. */
const pixelsOf = (page: Page, id: string, rgb: [number, number, number]) =>
  page.$eval(
    `#${id}`,
    (canvas, [r, g, b]) => {
      const data = (canvas as HTMLCanvasElement).getContext('2d')?.getImageData(0, 0, 4000, 4000).data ?? [];
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const near = Math.abs((data[i] ?? 0) - r) + Math.abs((data[i + 1] ?? 0) - g) + Math.abs((data[i + 2] ?? 0) - b);
        if (near < 30 && (data[i + 3] ?? 0) > 200) count++;
      }
      return count;
    },
    rgb,
  );

describe.skipIf(skipReason !== undefined)(
  `run history in the dashboard, headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let controller: TrainingController;
    const runsDir = join(mkdtempSync(join(tmpdir(), 'nn-history-page-')), 'runs');
    /** Oldest first: 8 hidden units, then 32. */
    const ids: string[] = [];
    const consoleErrors: string[] = [];
    // More images for the README's picture, so the runs compared look like real ones.
    const limit = updatingScreens ? 10_000 : 1000;

    beforeAll(async () => {
      for (const hidden of [8, 32]) {
        const config = makeTrainConfig({ outDir: runsDir, hiddenLayers: [hidden], limit, epochs: 3 });
        ids.push(basename((await trainMnist({ ...config, dataDir: bundledData }, { workerPath })).runDir));
        await new Promise((resolve) => setTimeout(resolve, 1100));
      }
      resetFake();
      recorded.settings = { 'nn.runsFolder': runsDir };
      controller = new TrainingController({
        startTraining: (request) => new ScriptedRun(request),
        output: { appendLine: () => {} } as never,
        extensionUri: Uri.file('/ext'),
        globalStorageUri: Uri.file('/global'),
        bundledDataDir: bundledData,
        runs: { find: findRun, newest: newestRun, list: listRuns, isResumable, isBeingWritten, load: loadRun },
      });
      controller.showDashboard('dashboard');
      server = await serveDashboard('dashboard');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
          consoleErrors.push(message.text());
      });
      await page.addInitScript(editorShim);
      await page.goto(server.url);
      // The page as the host finds it: the newest run's curves, then the runs folder's list.
      const replay = await controller.replay();
      if (replay) await send(page, replay);
      await send(page, controller.history.message());
    }, 180_000);

    afterAll(async () => {
      DashboardPanel.current?.dispose();
      await browser?.close();
      await server?.close();
    });

    it('lists the runs folder, newest first, with what tells the runs apart', async () => {
      await page.waitForSelector('#history tr[data-run-id]');
      const rows = await page.$$eval('#history tr[data-run-id]', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
      );
      expect(rows.map((row) => row[1])).toEqual([ids[1], ids[0]]);
      expect(rows[1]?.slice(2, 6)).toEqual([
        'default',
        `784-8-10 relu · adam 0.003 · batch 128 · ${limit} images`,
        expect.stringMatching(/^\d+\.\d\d%$/),
        '3/3',
      ]);
      expect(rows[1]?.[8]).toBe('finished');
      expect(rows[1]?.[9]).toBe('OpenRevealDelete');
      expect(await page.isVisible('#compare')).toBe(false);
    });

    it('overlays the curves of two ticked runs by epoch and lists the settings that differ', async () => {
      await page.check(`#history input[value="${ids[0]}"]`);
      expect((await posted(page)).some((m) => m.type === 'compareRuns')).toBe(false);
      await page.check(`#history input[value="${ids[1]}"]`);
      const request = parseWebviewMessage((await posted(page)).at(-1));
      expect(request).toEqual({ type: 'compareRuns', runIds: [ids[1], ids[0]] });
      if (request?.type !== 'compareRuns') throw new Error('no compare request');
      // The host's answer, as the extension computes it from the two run folders.
      const answer = await controller.history.handle(request);
      await send(page, answer);
      await page.waitForFunction(() => document.body.dataset.compareLines === '2');
      // Each run's line in its own theme colour (--vscode-charts-blue, then -orange), on both charts.
      for (const canvas of ['compare-accuracy', 'compare-loss']) {
        expect(await pixelsOf(page, canvas, [0x37, 0x94, 0xff])).toBeGreaterThan(50);
        expect(await pixelsOf(page, canvas, [0xd1, 0x86, 0x16])).toBeGreaterThan(50);
      }
      const table = await page.$$eval('#compare-table tr', (trs) =>
        trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent)),
      );
      expect(table[0]).toEqual(['run', ids[1], ids[0]]);
      expect(table.find((row) => row[0] === 'hidden layers')).toEqual(['hidden layers', '32', '8']);
      expect(table.find((row) => row[0] === 'recipe')).toBeUndefined();
      await saveScreenshot(page.locator('#history-section'), 'history-compare');
    });

    it('asks the host to open or reveal a run by its id', async () => {
      await page.click(`#history tr[data-run-id="${ids[0]}"] button[data-action="openRun"]`);
      expect((await posted(page)).at(-1)).toEqual({ type: 'openRun', runId: ids[0] });
      await page.click(`#history tr[data-run-id="${ids[0]}"] button[data-action="revealRun"]`);
      expect((await posted(page)).at(-1)).toEqual({ type: 'revealRun', runId: ids[0] });
    });

    it('a reloaded page ticks the runs it had ticked and asks for their comparison again', async () => {
      await page.reload();
      await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
      );
      // The page as the host answers its 'ready', showing another run now (opened): a new run id clears the page's
      // run, but not the runs ticked in the history.
      controller.openRun(resolveRunId(runsDir, ids[0]!));
      const replay = await controller.replay();
      expect(replay?.run?.id).toBe(ids[0]);
      if (replay) await send(page, replay);
      await send(page, controller.history.message());
      const request = parseWebviewMessage((await posted(page)).at(-1));
      expect(request).toEqual({ type: 'compareRuns', runIds: [ids[1], ids[0]] });
      if (request?.type !== 'compareRuns') throw new Error('no compare request');
      await send(page, await controller.history.handle(request));
      await page.waitForFunction(() => document.body.dataset.compareLines === '2');
      const ticked = await page.$$eval('#history input:checked', (boxes) =>
        boxes.map((box) => (box as HTMLInputElement).value),
      );
      expect(ticked).toEqual([ids[1], ids[0]]);
      // What the page saves as it goes (its pagehide save) still holds them, for the next reload.
      const saved = await page.evaluate(() => {
        window.dispatchEvent(new Event('pagehide'));
        return JSON.parse(sessionStorage.getItem('state') ?? '{}').compareIds;
      });
      expect(saved).toEqual([ids[1], ids[0]]);
    });

    it('ticks the runs of a comparison the host sends unasked (NN: Compare Runs…), and keeps them', async () => {
      await page.uncheck(`#history input[value="${ids[0]}"]`);
      await page.uncheck(`#history input[value="${ids[1]}"]`);
      expect(await page.isVisible('#compare')).toBe(false);
      await send(page, controller.history.compare([ids[1]!, ids[0]!]));
      await page.waitForFunction(() => document.body.dataset.compareLines === '2');
      const state = await page.evaluate(() => {
        window.dispatchEvent(new Event('pagehide'));
        const ticked = Array.from(
          document.querySelectorAll<HTMLInputElement>('#history input:checked'),
          (b) => b.value,
        );
        return { ticked, saved: JSON.parse(sessionStorage.getItem('state') ?? '{}').compareIds };
      });
      expect(state).toEqual({ ticked: [ids[1], ids[0]], saved: [ids[1], ids[0]] });
    });

    it('deletes a run after the host asked, and the list and the comparison follow', async () => {
      await page.click(`#history tr[data-run-id="${ids[0]}"] button[data-action="deleteRun"]`);
      const request = parseWebviewMessage((await posted(page)).at(-1));
      expect(request).toEqual({ type: 'deleteRun', runId: ids[0] });
      if (request?.type !== 'deleteRun') throw new Error('no delete request');
      recorded.answer = DELETE;
      await controller.history.handle(request);
      expect(recorded.messages.at(-1)).toMatchObject({ kind: 'warning', text: `Delete run ${ids[0]}?` });
      expect(existsSync(join(runsDir, ids[0]!))).toBe(false);
      const list = recorded.panels[0]?.posted.at(-1) as HistoryMessage;
      await send(page, list);
      await page.waitForFunction(() => document.querySelectorAll('#history tr[data-run-id]').length === 1);
      expect(await page.isVisible('#compare')).toBe(false);
      expect(await page.evaluate(() => document.body.dataset.compared)).toBe('');
    });

    it('says what to do when the runs folder is empty', async () => {
      await send(page, { type: 'history', folder: '/somewhere/runs', runs: [] });
      await page.waitForSelector('#history-empty', { state: 'visible' });
      expect(await page.textContent('#history-empty')).toContain('Train MNIST makes one');
      expect(await page.isVisible('#history')).toBe(false);
      expect(consoleErrors).toEqual([]);
    });
  },
);
