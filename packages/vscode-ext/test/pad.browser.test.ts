import { existsSync } from 'node:fs';
import { fromRgba } from '@nn/mnist';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../src/protocol';
import { CHROMIUM, CHROMIUM_FLAGS, editorShim, send } from './browser-page';
import { serveDashboard } from './dashboard-server';
import { type DigitModel, trainDigitModel } from './digit-model';
import { missingBuild } from './recorded-run';
import { saveScreenshot } from './screenshots';

const skipReason = existsSync(CHROMIUM) ? missingBuild() : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (skipReason) console.log(`SKIPPED digit pad browser tests: ${skipReason}`);

type Point = [number, number];

/** Draws one stroke through `points` (in 0…1 of the pad's side) with the real mouse: pointer events in the page. */
async function stroke(page: Page, points: Point[]): Promise<void> {
  const pad = page.locator('.pad-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the pad is not shown');
  const at = ([x, y]: Point): Point => [box.x + x * box.width, box.y + y * box.height];
  const [first, ...rest] = points.map(at) as [Point, ...Point[]];
  await page.mouse.move(...first);
  await page.mouse.down();
  for (const point of rest) await page.mouse.move(...point, { steps: 4 });
  await page.mouse.up();
}

const ring = (cx: number, cy: number, rx: number, ry: number): Point[] =>
  Array.from({ length: 33 }, (_, i) => [
    cx + rx * Math.sin((i * Math.PI) / 16),
    cy - ry * Math.cos((i * Math.PI) / 16),
  ]);

/** What the pad shows: the drawing's RGBA, the 28×28 input's grey levels, the marked digit, stroke count, timing. */
function shown(page: Page) {
  return page.evaluate(() => {
    const read = (selector: string) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      if (!canvas) throw new Error(`${selector} is missing`);
      const { data, width, height } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? {};
      return { width: width ?? 0, height: height ?? 0, rgba: Array.from(data ?? []) };
    };
    const input = read('.pad-input');
    const root = document.getElementById('pad') as HTMLElement;
    return {
      drawing: read('.pad-canvas'),
      input: input.rgba.filter((_, i) => i % 4 === 0),
      digit: document.querySelector<HTMLElement>('.pad-bars')?.dataset.digit ?? '',
      top: document.querySelector('.pad-bar.top .pad-bar-digit')?.textContent ?? '',
      strokes: Number(root.dataset.strokes),
      updateMs: Number(root.dataset.updateMs),
      strips: document.querySelectorAll('.pad-strip-canvas').length,
    };
  });
}

describe.skipIf(skipReason !== undefined)(
  `digit pad in the dashboard, headless Chromium${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    let browser: Browser;
    let page: Page;
    let server: Awaited<ReturnType<typeof serveDashboard>>;
    let trained: DigitModel;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      trained = await trainDigitModel();
      server = await serveDashboard('dashboard');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
          consoleErrors.push(message.text());
        }
      });
      await page.addInitScript(editorShim);
      await page.goto(server.url);
      const update: UpdateMessage = {
        type: 'update',
        seq: 1,
        run: { id: 'pad-test', layerSizes: [784, 64, 10], epochs: 4, batchesPerEpoch: 157, settings: [] },
        status: 'finished',
        batches: [],
        epochs: [],
        padModel: trained.model,
      };
      await send(page, update);
      await page.waitForFunction(() => document.getElementById('pad')?.dataset.modelEpoch === '4');
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** The network's own answer (in Node) for the 28×28 input the page shows. */
    const nodeDigit = (input: number[]) => {
      const outputs = Array.from(trained.network.predictRows(Uint8Array.from(input), 1, 1 / 255));
      return String(outputs.indexOf(Math.max(...outputs)));
    };

    it('predicts "1" for a drawn vertical stroke, showing the input exactly as @nn/mnist preprocesses the drawing', async () => {
      await stroke(page, [
        [0.5, 0.15],
        [0.5, 0.5],
        [0.5, 0.85],
      ]);
      const after = await shown(page);
      const { width, height, rgba } = after.drawing;
      expect(after.input).toEqual(Array.from(fromRgba(width, height, rgba)));
      expect(after.digit).toBe('1');
      expect(after.top).toBe('1');
      expect(nodeDigit(after.input)).toBe('1');
      // Preprocessing and inference on pointerup, inside one 60 Hz frame; one activation strip for the hidden layer.
      expect(after.updateMs).toBeLessThan(16);
      expect(after.strips).toBe(1);
      // The pointer reaching the pad asked the host, once, for the weights it streams only to a pad in use.
      const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
      expect(posted.filter((m) => m.type === 'padWanted')).toHaveLength(1);
    });

    it('undoes the last stroke and clears the pad', async () => {
      const one = await shown(page);
      await stroke(page, [
        [0.2, 0.5],
        [0.8, 0.5],
      ]);
      expect((await shown(page)).strokes).toBe(2);
      await page.click('.pad-undo');
      const undone = await shown(page);
      expect(undone.strokes).toBe(1);
      expect(undone.input).toEqual(one.input);
      expect(undone.drawing.rgba).toEqual(one.drawing.rgba);
      await page.click('.pad-clear');
      const cleared = await shown(page);
      expect(cleared.strokes).toBe(0);
      expect(cleared.input.every((v) => v === 0)).toBe(true);
      expect(cleared.drawing.rgba.every((v) => v === 0)).toBe(true);
      expect(cleared.digit).toBe('');
    });

    it('predicts "0" for a drawn ring', async () => {
      await stroke(page, ring(0.5, 0.5, 0.25, 0.35));
      const after = await shown(page);
      const { width, height, rgba } = after.drawing;
      expect(after.input).toEqual(Array.from(fromRgba(width, height, rgba)));
      expect(after.digit).toBe('0');
      expect(nodeDigit(after.input)).toBe('0');
      await saveScreenshot(page.locator('#pad-section'), 'digit-pad');
      await page.click('.pad-clear');
    });

    it('shows a picture the host sent (NN: Predict Image…) as its input and classifies it, until the user draws', async () => {
      const { images } = trained.test;
      const pixels = images.slice(0, 784);
      await send(page, { type: 'padPicture', name: 'seven.png', pixels });
      await page.waitForFunction(() => document.getElementById('pad')?.dataset.source === 'picture');
      const picture = await shown(page);
      expect(picture.input).toEqual(Array.from(pixels));
      expect(picture.digit).toBe(nodeDigit(Array.from(pixels)));
      expect(await page.textContent('.pad-caption')).toMatch(/^seven\.png · weights after epoch 4/);
      await stroke(page, [
        [0.5, 0.15],
        [0.5, 0.85],
      ]);
      expect((await shown(page)).digit).toBe('1');
      expect(await page.evaluate(() => document.getElementById('pad')?.dataset.source)).toBe('pad');
      await page.click('.pad-clear');
    });

    it('logs no errors in the console', () => {
      expect(consoleErrors).toEqual([]);
    });
  },
);
