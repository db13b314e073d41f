import { readFileSync } from 'node:fs';
import type { TrainConfig } from '../config/train-config';
import { validateConfig } from '../config/validate-config';
import { RunFolderError } from '../errors';

/** A run folder's config.json, checked as a config; RunFolderError naming the file when unreadable or invalid. */
export function readConfigFile(path: string): TrainConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RunFolderError(path, `unreadable config: ${(error as Error).message}`);
  }
  try {
    return validateConfig(parsed);
  } catch (error) {
    throw new RunFolderError(path, (error as Error).message);
  }
}
