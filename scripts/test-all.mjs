#!/usr/bin/env node
// Runs every package's tests through turbo, then prints the plain total counted from each
// package's vitest JSON report, so a run that executed no test can never look green.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Workspace packages live in packages/* and tests/*, plus the single bench/ package.
const folders = [
  ...['packages', 'tests']
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name))),
  join(root, 'bench'),
];
const reports = folders.map((folder) => join(folder, 'test-results.json'));
for (const report of reports) rmSync(report, { force: true });

const run = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'test', '--continue', '--concurrency=2', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

let passed = 0;
let failed = 0;
for (const report of reports) {
  if (!existsSync(report)) continue;
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  // A suite that failed outside its tests (a hook, an import) counts as one failure.
  failed += result.testResults.filter(
    (suite) => suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed'),
  ).length;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
