/**
 * Errors a user can cause and fix: bad settings, missing files, unreadable run folders or models.
 * The CLI prints their message as one line (no stack trace); anything else is a bug and is printed in full.
 */
export class TrainError extends Error {
  override name = 'TrainError';
}

/** A `TrainConfig` field (or the CLI flag it came from) has a value we cannot train with. */
export class ConfigError extends TrainError {
  override name = 'ConfigError';
  constructor(
    /** The field, e.g. `learningRate`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
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

/** The training worker thread crashed, exited early or could not start. */
export class WorkerError extends TrainError {
  override name = 'WorkerError';
}
