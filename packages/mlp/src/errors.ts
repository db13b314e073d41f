/** A saved model that cannot be read: the message names what is wrong and where in the file. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

/** Training produced a non-finite loss or gradient; the weights are those from before the bad step. */
export class DivergenceError extends Error {
  override name = 'DivergenceError';
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly learningRate: number,
  ) {
    super(
      `training diverged at epoch ${epoch}, batch ${batch}: the loss or its gradient is not finite ` +
        `(learning rate ${learningRate}); the step was not applied. Try a lower learning rate.`,
    );
  }
}

/** An invalid network, data set or training option; the message names the option and the value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A thread of a data-parallel fit failed or stopped answering; the message names the thread and why. */
export class DataParallelError extends Error {
  override name = 'DataParallelError';
}
