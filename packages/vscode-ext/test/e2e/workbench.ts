import type { Frame, Page } from 'playwright-core';

/**
 * Runs a command from the palette. The palette's list is built when it opens, and our commands appear
 * only once the extension host has registered them; until then Enter would run whatever row is first,
 * so we wait for our title to be the first row, and reopen the palette until it is.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const firstRow = page.locator('.quick-input-list .monaco-list-row').first();
    const listed = await firstRow
      .filter({ hasText: title })
      .waitFor({ state: 'visible', timeout: 4_000 })
      .then(() => true)
      .catch(() => false);
    if (listed) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1_000);
  }
  throw new Error(`the command "${title}" never appeared in the command palette`);
}

/**
 * The frame holding our dashboard page. Webviews sit two iframes deep, and a hidden panel's frame is
 * destroyed, so the newest frame that has the page's chart is the live one.
 */
export async function dashboardFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of [...page.frames()].reverse()) {
      if (frame.isDetached()) continue;
      const found = await frame
        .locator('#loss-chart')
        .count()
        .catch(() => 0);
      if (found > 0) return frame;
    }
    await page.waitForTimeout(500);
  }
  throw new Error('no frame with the dashboard page appeared');
}

/** Text of every status bar item, joined. */
export function statusBarText(page: Page): Promise<string> {
  return page
    .locator('.statusbar-item')
    .allTextContents()
    .then((texts) => texts.join(' | '));
}

/**
 * Starts keeping every status bar text the page shows, so a state that lasts only a moment (a live
 * epoch on a fast run) can still be asserted after it has passed.
 */
export async function recordStatusBar(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { nnStatusBarHistory: string[] }).nnStatusBarHistory = seen;
    const take = () => {
      const text = Array.from(document.querySelectorAll('.statusbar-item'), (item) => item.textContent ?? '').join(
        ' | ',
      );
      if (seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(take).observe(document.body, { subtree: true, childList: true, characterData: true });
    take();
  });
}

/** Every status bar text seen since `recordStatusBar`, one per line. */
export function statusBarHistory(page: Page): Promise<string> {
  return page.evaluate(() =>
    ((window as unknown as { nnStatusBarHistory?: string[] }).nnStatusBarHistory ?? []).join('\n'),
  );
}

/** Text of the notification toasts on screen. */
export function notificationsText(page: Page): Promise<string> {
  return page
    .locator('.notifications-toasts .notification-toast')
    .allTextContents()
    .then((texts) => texts.join(' | '));
}
