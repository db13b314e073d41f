import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRegistry, startRegistry } from './verdaccio';
import { type LibraryPackage, libraryPackages } from './workspace-packages';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const linalg = join(root, 'packages/linalg');

/** The environment of a user's shell: none of the npm_* settings `pnpm test` passes down to us. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key) && key !== 'NODE_OPTIONS'),
);

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = userEnv): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} in ${cwd} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The output the README promises, taken from its ```text block. */
const promisedOutput = /```text\n([\s\S]*?)```/.exec(readFileSync(join(linalg, 'README.md'), 'utf8'))?.[1];

let work: string;
let registry: LocalRegistry | undefined;
let published: LibraryPackage[] = [];
let consumer: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nn-registry-'));
  registry = await startRegistry(work);
  // The token only has to exist: the config lets anyone publish @nn/*. Kept outside the packages' folders.
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(work, 'publisher.npmrc'), `${host}/:_authToken=registry-test\n`);
  published = libraryPackages(root);
  for (const pkg of published) {
    // pnpm publish rewrites workspace:* ranges to the real versions, as a release would.
    run('pnpm', ['publish', '--no-git-checks', '--registry', registry.url], pkg.folder, {
      ...userEnv,
      npm_config_userconfig: join(work, 'publisher.npmrc'),
    });
  }

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  // Only @nn comes from the local registry; everything else from the normal one.
  writeFileSync(join(consumer, '.npmrc'), `@nn:registry=${registry.url}/\n`);
  run('pnpm', ['add', '@nn/linalg'], consumer);
  const typescript = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.typescript;
  run('pnpm', ['add', '-D', `typescript@${typescript}`], consumer);
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('pnpm add @nn/linalg from a registry', () => {
  it('published every library package, @nn/linalg among them', async () => {
    expect(published.map((p) => p.name)).toContain('@nn/linalg');
    for (const pkg of published) {
      const response = await fetch(`${registry!.url}/${pkg.name.replace('/', '%2f')}`);
      expect(response.status, pkg.name).toBe(200);
      const document = (await response.json()) as { versions: Record<string, { dependencies?: object }> };
      expect(Object.keys(document.versions)).toEqual([pkg.version]);
      expect(JSON.stringify(document.versions[pkg.version]?.dependencies ?? {})).not.toContain('workspace:');
    }
  });

  it('installed the published package, not a link into the workspace', () => {
    const installed = realpathSync(join(consumer, 'node_modules/@nn/linalg'));
    expect(installed.startsWith(realpathSync(root))).toBe(false);
    const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
    expect(version).toBe(published.find((p) => p.name === '@nn/linalg')?.version);
  });

  it('runs the README example as ESM and as CommonJS', () => {
    expect(promisedOutput).toContain('ShapeError: mul: left is 5×2, right is 3×3');
    for (const file of ['readme.mjs', 'readme.cjs']) {
      copyFileSync(join(linalg, 'examples', file), join(consumer, file));
      expect(execFileSync(process.execPath, [file], { cwd: consumer, env: userEnv, encoding: 'utf8' })).toBe(
        promisedOutput,
      );
    }
  });

  it('type-checks the TypeScript example with tsc, as ESM and as CommonJS, and tsc rejects 5×2 · 3×3', () => {
    const example = readFileSync(join(linalg, 'examples/readme.ts'), 'utf8');
    writeFileSync(join(consumer, 'readme.mts'), example);
    writeFileSync(join(consumer, 'readme.cts'), example);
    const tsc = join(consumer, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    // The example marks the bad product with @ts-expect-error: tsc fails if that line ever compiles.
    run(process.execPath, [tsc, ...flags, 'readme.mts', 'readme.cts'], consumer);

    const withoutDirective = example.replace(/^.*@ts-expect-error.*\n/m, '');
    expect(withoutDirective).not.toBe(example);
    writeFileSync(join(consumer, 'unmarked.mts'), withoutDirective);
    const result = spawnSync(process.execPath, [tsc, ...flags, 'unmarked.mts'], { cwd: consumer, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("error TS2345: Argument of type 'Matrix<3, 3>' is not assignable");
  });
});
