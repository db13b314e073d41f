import { writeFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

/**
 * The filter box of the picker whose placeholder is `placeholder`: not the command palette's, which shares the widget
 * and may still be closing when the command that opens the picker has just run (typing into it then fails).
 */
function pickerInput(page: Page, placeholder: string) {
  return page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`);
}

/** Picks the row `label` of the open picker `placeholder` (NN: Open Run…): typed into its filter, then Enter. */
export async function pickOne(page: Page, placeholder: string, label: string): Promise<void> {
  const input = pickerInput(page, placeholder);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(label);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .first()
    .filter({ hasText: label })
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/**
 * Ticks the rows `labels` of the open multi-select picker `placeholder` (NN: Compare Runs…) and accepts with Enter in
 * its filter box. Each label is typed into the filter first, so its row is the list's first and needs no scrolling
 * (on a busy machine a row at the list's edge never held still for the click); ticks outlive the filter. Only
 * visible rows count: the widget keeps the command palette's list, hidden, beside the picker's. When a row cannot
 * be ticked, the widget's markup is saved to `dump` for the reader of the failure.
 */
export async function pickMany(page: Page, placeholder: string, labels: string[], dump: string): Promise<void> {
  const input = pickerInput(page, placeholder);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  try {
    for (const label of labels) {
      await input.fill(label);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).locator('visible=true');
      await row.first().waitFor({ timeout: 10_000 });
      await row.first().locator('.monaco-checkbox').first().click();
      await row
        .first()
        .locator('.monaco-checkbox.checked, .monaco-checkbox[aria-checked="true"]')
        .waitFor({ timeout: 5_000 });
    }
  } catch (error) {
    writeFileSync(dump, await page.locator('.quick-input-widget').innerHTML());
    throw error;
  }
  await input.fill('');
  await input.focus();
  await page.keyboard.press('Enter');
}

/** The off-diagonal cell of the shown confusion matrix with the most test digits: the network's commonest mistake. */
export function commonestMistake(frame: Frame): Promise<{ actual: number; predicted: number; count: number }> {
  return frame.$$eval('td.cell', (cells) => {
    let best = { actual: -1, predicted: -1, count: 0 };
    for (const cell of cells as HTMLElement[]) {
      const actual = Number(cell.dataset.actual);
      const predicted = Number(cell.dataset.predicted);
      const count = Number(cell.textContent);
      if (actual !== predicted && count > best.count) best = { actual, predicted, count };
    }
    return best;
  });
}
