import { argmax, Matrix } from '@nn/linalg';
import { fromPng, readRegularFileSync } from '@nn/mnist';
import type { Command } from 'commander';
import { TrainError } from '../errors';
import { loadModel } from '../job/model-io';
import { formatPercent } from './format';

/** A photo of a digit is a few megabytes at most; larger files are refused before they are read. */
const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;

export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('Classify a PNG picture of a digit (scaled to 20×20 and centred like MNIST).')
    .argument('<model>', 'a model.safetensors file or a run folder')
    .argument('<image>', 'a PNG file')
    .option('--json', 'print one JSON object')
    .action((modelPath: string, imagePath: string, flags: { json?: boolean }) => {
      const model = loadModel(modelPath);
      let pixels: Uint8Array;
      try {
        pixels = fromPng(readRegularFileSync(imagePath, MAX_IMAGE_FILE_BYTES));
      } catch (error) {
        throw new TrainError(`cannot read image ${imagePath}: ${(error as Error).message}`);
      }
      if (model.network.inputSize !== pixels.length) {
        throw new TrainError(
          `${model.path} takes ${model.network.inputSize} inputs; a 28×28 image has ${pixels.length}`,
        );
      }
      const x = Matrix.zeros(pixels.length, 1);
      pixels.forEach((value, i) => {
        x.data[i] = value * model.inputScale;
      });
      const probabilities = Array.from(model.network.predictProba(x).data);
      const digit = argmax(probabilities);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ digit, probabilities })}\n`);
        return;
      }
      process.stdout.write(`${digit}\n`);
      probabilities.forEach((p, d) => {
        process.stdout.write(`  ${d}  ${formatPercent(p).padStart(7)}  ${'█'.repeat(Math.round(p * 30))}\n`);
      });
    });
}
