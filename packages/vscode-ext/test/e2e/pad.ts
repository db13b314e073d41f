import type { Frame, Page } from 'playwright-core';

/** A point on the digit pad, in 0…1 of its side. */
export type PadPoint = [number, number];

/**
 * Draws one stroke on the dashboard's digit pad with the real mouse, through the webview's nested iframes (the
 * pad's box is in the page's coordinates). The pointer first rests over the pad, which asks the host for the
 * run's network, and the stroke starts once the pad has it.
 */
export async function drawOnPad(page: Page, frame: Frame, points: PadPoint[]): Promise<void> {
  const pad = frame.locator('.pad-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the digit pad is not shown');
  const at = ([x, y]: PadPoint): PadPoint => [box.x + x * box.width, box.y + y * box.height];
  const [first, ...rest] = points.map(at) as [PadPoint, ...PadPoint[]];
  await page.mouse.move(...first);
  await frame.waitForFunction(() => Boolean(document.getElementById('pad')?.dataset.modelEpoch), undefined, {
    timeout: 30_000,
  });
  await page.mouse.down();
  for (const point of rest) await page.mouse.move(...point, { steps: 8 });
  await page.mouse.up();
}

/** What the pad shows: the digit marked, how much ink the 28×28 input holds, and the weights' epoch. */
export function padState(frame: Frame): Promise<{ digit: string; inkPixels: number; modelEpoch: string }> {
  return frame.evaluate(() => {
    const input = document.querySelector<HTMLCanvasElement>('.pad-input');
    const data = input?.getContext('2d')?.getImageData(0, 0, 28, 28).data ?? [];
    let inkPixels = 0;
    for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 0) > 0) inkPixels++;
    return {
      digit: document.querySelector<HTMLElement>('.pad-bars')?.dataset.digit ?? '',
      inkPixels,
      modelEpoch: document.getElementById('pad')?.dataset.modelEpoch ?? '',
    };
  });
}
