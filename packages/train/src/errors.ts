import { ConfigError } from '@nn/mlp';

/**
 * Errors a user can cause and fix: missing files, unreadable run folders or models (bad settings are a
 * `ConfigError`, below). The CLI prints their message as one line (no stack trace).
 */
export class TrainError extends Error {
  override name = 'TrainError';
}

/**
 * A bad `TrainConfig` field (or the CLI flag or setting it came from): @nn/mlp's `ConfigError`, the one such class,
 * with the field first in its message (`learningRate: expected a number above 0, got -1`), which is how the VS Code
 * extension finds the setting to point at.
 */
export function configError(field: string, message: string): ConfigError {
  return new ConfigError(`${field}: ${message}`);
}

/** A run folder is missing, incomplete or holds files we cannot parse. */
export class RunFolderError extends TrainError {
  override name = 'RunFolderError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** The training worker thread crashed, exited early or could not start, or its job failed (`job`). */
export class WorkerError extends TrainError {
  override name = 'WorkerError';
  constructor(
    message: string,
    /** The error the job itself threw in the thread, when that is what ended it. */
    readonly job?: { name: string; message: string },
  ) {
    super(message);
  }
}
