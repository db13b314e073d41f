#!/usr/bin/env node
// The published packages' metadata, written from one place: the repository URL, homepage, issue tracker, author and
// LICENSE of @nn/linalg, @nn/mlp, @nn/mnist, @nn/train and @nn/onnx, and README links that must resolve on a registry page.
//   node scripts/package-metadata.mjs          check (run by `pnpm lint`): exit 1 naming every difference
//   node scripts/package-metadata.mjs --write  rewrite the package.json fields and the LICENSE copies
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The repository has no git remote and no public address yet: every published link derives from this placeholder.
 * Replace it with the real address and run `--write` (README links are checked against it, so they fail until updated).
 */
export const REPOSITORY_URL_PLACEHOLDER = 'https://github.com/OWNER-PLACEHOLDER/nn';
const AUTHOR = 'the nn authors';
const PACKAGES = ['linalg', 'mlp', 'mnist', 'train', 'onnx'];

const root = new URL('..', import.meta.url).pathname;
const write = process.argv.includes('--write');
const problems = [];

function expectedFields(folder) {
  return {
    repository: { type: 'git', url: `git+${REPOSITORY_URL_PLACEHOLDER}.git`, directory: `packages/${folder}` },
    homepage: `${REPOSITORY_URL_PLACEHOLDER}/tree/main/packages/${folder}#readme`,
    bugs: { url: `${REPOSITORY_URL_PLACEHOLDER}/issues` },
    author: AUTHOR,
  };
}

/** Writes beside the target, then renames, so an interrupted run leaves the old file whole. */
function replaceFile(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const license = readFileSync(join(root, 'LICENSE'), 'utf8');
for (const folder of PACKAGES) {
  const dir = join(root, 'packages', folder);
  const manifestPath = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const fields = expectedFields(folder);
  const stale = Object.keys(fields).filter((key) => JSON.stringify(manifest[key]) !== JSON.stringify(fields[key]));
  const licensePath = join(dir, 'LICENSE');
  const licenseStale = !existsSync(licensePath) || readFileSync(licensePath, 'utf8') !== license;
  if (write) {
    if (stale.length > 0) replaceFile(manifestPath, `${JSON.stringify({ ...manifest, ...fields }, null, 2)}\n`);
    if (licenseStale) replaceFile(licensePath, license);
  } else {
    for (const key of stale) problems.push(`${manifestPath}: "${key}" differs from scripts/package-metadata.mjs`);
    if (licenseStale) problems.push(`${licensePath}: missing or not the root LICENSE`);
  }
  problems.push(...readmeLinkProblems(dir, manifest.files ?? []));
}

/**
 * A registry shows the README alone: a relative link must name a file the tarball ships (listed in `files`), and an
 * absolute link into the repository must use the URL above.
 */
function readmeLinkProblems(dir, files) {
  const readmePath = join(dir, 'README.md');
  const found = [];
  // Fenced code is not markdown: `f[l](z[l])` there is no link.
  const prose = readFileSync(readmePath, 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (target.startsWith('#')) continue;
    if (/^https?:/.test(target)) {
      if (/github\.com\//.test(target) && target.includes('/nn/') && !target.startsWith(REPOSITORY_URL_PLACEHOLDER)) {
        found.push(`${readmePath}: ${target} is not under ${REPOSITORY_URL_PLACEHOLDER}`);
      }
      continue;
    }
    const path = target.split('#')[0];
    const shipped = files.some((entry) => path === entry || path.startsWith(`${entry}/`));
    if (!shipped || !existsSync(join(dir, path))) {
      found.push(`${readmePath}: link ${target} does not resolve on a registry page (not a shipped file)`);
    }
  }
  return found;
}

if (problems.length > 0) {
  console.error(`${problems.join('\n')}\nRun: node scripts/package-metadata.mjs --write (README links by hand)`);
  process.exit(1);
}
