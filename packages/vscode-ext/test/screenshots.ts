import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from './recorded-run';

/** Every screenshot a test takes lands here (git-ignored): the artefacts of a test run. */
export const resultsDir = join(packageDir, 'test-results');
/** The README's pictures (media/screenshot-<name>.png): written only when asked, so a test run leaves the tree clean. */
export const screensDir = join(packageDir, 'media');
/** `NN_UPDATE_SCREENSHOT=1` asks the tests to refresh the README's pictures. */
export const updatingScreens = process.env.NN_UPDATE_SCREENSHOT === '1';

/**
 * Saves a screenshot of a page or an element as `test-results/<name>.png`; with NN_UPDATE_SCREENSHOT=1 also as
 * `media/screenshot-<name>.png`, the README's copy.
 */
export async function saveScreenshot(
  target: { screenshot(options: { path: string }): Promise<unknown> },
  name: string,
): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await target.screenshot({ path });
  if (updatingScreens) {
    copyFileSync(path, join(screensDir, `screenshot-${name}.png`));
  }
  return path;
}
