import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTrainConfig, type TrainConfig } from '../src/index';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built files: tests of the CLI and the worker run what users run. */
export const cliPath = join(packageDir, 'dist', 'cli.js');
export const workerPath = join(packageDir, 'dist', 'worker.js');

export function tempDir(prefix = 'nn-train-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A small, quick run of the default network: enough data to learn something, few enough to stay fast. */
export function quickConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return makeTrainConfig({ limit: 1000, epochs: 2, batchSize: 50, outDir: tempDir(), ...overrides });
}
