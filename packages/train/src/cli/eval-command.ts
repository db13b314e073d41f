import { evaluate } from '@nn/mlp';
import { loadMnist } from '@nn/mnist';
import { type Command, Option } from 'commander';
import { DATASETS, type DatasetName } from '../config/train-config';
import { TrainError } from '../errors';
import { loadModel } from '../job/model-io';
import { formatConfusion, formatPercent } from './format';

interface EvalFlags {
  dataset: DatasetName;
  data?: string;
  json?: boolean;
  force?: boolean;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Accuracy, loss and confusion matrix of a saved model on the test set.')
    .argument('<model>', 'a model.safetensors file or a run folder')
    .addOption(new Option('--dataset <name>', 'digits or fashion').choices(DATASETS).default('digits'))
    .option('--data <dir>', 'folder with the IDX files')
    .option('--json', 'print one JSON object')
    .option('--force', 'evaluate even on a data set other than the one the model was trained on')
    .action(async (modelPath: string, flags: EvalFlags) => {
      const model = loadModel(modelPath);
      // A digits model scored on fashion images reports chance-level accuracy that looks like a real result.
      if (model.dataset !== undefined && model.dataset !== flags.dataset && !flags.force) {
        throw new TrainError(
          `${model.path} was trained on ${model.dataset}; --dataset ${flags.dataset} would score it on other images ` +
            `(pass --dataset ${model.dataset}, or --force to evaluate anyway)`,
        );
      }
      const test = await loadMnist({
        variant: flags.dataset,
        split: 'test',
        resolveFrom: import.meta.url,
        ...(flags.data !== undefined ? { dir: flags.data } : {}),
      });
      if (model.network.inputSize !== test.rows * test.cols || model.network.outputSize !== 10) {
        throw new TrainError(
          `${model.path} is a ${model.network.inputSize}→${model.network.outputSize} network; MNIST needs 784→10`,
        );
      }
      const result = evaluate(model.network, {
        inputs: test.images,
        labels: test.labels,
        inputScale: model.inputScale,
      });
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ accuracy: result.accuracy, loss: result.loss, confusion: result.confusion })}\n`,
        );
        return;
      }
      process.stdout.write(
        `Test accuracy: ${formatPercent(result.accuracy)}  loss ${result.loss.toFixed(4)}  (${test.count} images)\n\n` +
          `${formatConfusion(result.confusion)}\n`,
      );
    });
}
