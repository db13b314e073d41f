import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun, trainMnist } from '../src/index';
import { runCli } from './cli-process';
import { cliPath, quickConfig, tempDir, workerPath } from './support';

const CHROMIUM = '/usr/bin/chromium';
const comparePage = join(cliPath, '..', 'report', 'compare-page.js');
const skipReason = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is not installed (apt-get install chromium)`
  : !existsSync(comparePage)
    ? `${comparePage} is missing: build @nn/train first`
    : undefined;
if (skipReason) console.log(`SKIPPED nn report --compare browser tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)(`nn report --compare${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  const runs: string[] = [];
  let browser: Browser;

  beforeAll(async () => {
    // Two short runs that differ in their hidden layer and learning rate, and a third of 3 epochs.
    for (const overrides of [
      { hiddenLayers: [8], learningRate: 0.003 },
      { hiddenLayers: [16], learningRate: 0.01 },
      { hiddenLayers: [16], learningRate: 0.01, epochs: 3 },
    ]) {
      runs.push((await trainMnist(quickConfig({ limit: 400, threads: 1, ...overrides }), { workerPath })).runDir);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('overlays the runs’ test curves and lists the settings that differ, in one file that loads nothing else', async () => {
    const out = join(tempDir(), 'compare.html');
    const { code, stdout, stderr } = await runCli(['report', '--compare', ...runs, '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`Wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toMatch(/content="default-src 'none'; img-src data:; style-src 'sha256-/);
    const context = await browser.newContext({ offline: true });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url() === pathToFileURL(out).href) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pathToFileURL(out).href);
    await page.waitForFunction(() => document.body.dataset.rendered === 'true');
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    const body = await page.evaluate(() => ({ ...document.body.dataset }));
    expect(body).toMatchObject({ accuracyLines: '3', lossLines: '3' });
    const table = await page.$$eval('#compare-table tr', (rows) =>
      rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')),
    );
    // The three runs sit in runs folders of their own and may share a folder name: then their parents tell them apart.
    expect(table[0]?.[0]).toBe('run');
    expect(new Set(table[0]?.slice(1)).size).toBe(3);
    table[0]?.slice(1).forEach((id, i) => {
      expect(runs[i]!.endsWith(id)).toBe(true);
    });
    const accuracies = runs.map((run) => `${((readRun(run).summary?.testAccuracy ?? Number.NaN) * 100).toFixed(2)}%`);
    expect(table[1]).toEqual(['final test accuracy', ...accuracies]);
    const differing = Object.fromEntries(table.slice(2).map(([name, ...values]) => [name, values]));
    expect(differing['hidden layers']).toEqual(['8', '16', '16']);
    expect(differing['learning rate']?.[0]).toMatch(/^0\.003 /);
    expect(differing.epochs).toEqual(['2', '2', '3']);
    // Settings the runs share are not listed.
    expect(Object.keys(differing)).not.toContain('batch size');
    expect(body.differingSettings).toBe(String(Object.keys(differing).length));
    await context.close();
  });

  it('refuses one run with --compare, several without it, and the same run twice', async () => {
    const one = await runCli(['report', '--compare', runs[0]!, '--out', join(tempDir(), 'x.html')]);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('nn report --compare needs two runs or more, got 1');
    const many = await runCli(['report', runs[0]!, runs[1]!]);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain('nn report takes one run (got 2); pass --compare to compare runs');
    const twice = await runCli(['report', '--compare', runs[0]!, runs[0]!, '--out', join(tempDir(), 'y.html')]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/is given twice/);
  });
});
