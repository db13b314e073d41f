#!/usr/bin/env node
// The API reference check run by `pnpm lint`: TypeDoc with typedoc.json (warnings are errors: an export without a doc
// comment, a broken link) into a temp folder, so the check neither needs nor touches a built docs/api/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'nn-api-docs-'));
try {
  const run = spawnSync('pnpm', ['exec', 'typedoc', '--out', out, '--logLevel', 'Warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error('API reference: TypeDoc reported the warnings above (fix the doc comments; `pnpm docs` builds it)');
    process.exit(run.status ?? 1);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
