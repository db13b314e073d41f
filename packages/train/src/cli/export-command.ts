import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { exportOnnx } from '@nn/onnx';
import { type Command, Option } from 'commander';
import { TrainError } from '../errors';
import { loadModel } from '../job/model-io';
import { writeFileAtomic } from '../run/atomic-write';

interface ExportFlags {
  format: 'onnx';
  out?: string;
  force?: boolean;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write a saved model in another format (ONNX, for ONNX Runtime and other engines).')
    .argument('<model>', 'a model.safetensors file or a run folder')
    .addOption(new Option('--format <format>', 'the format to write').choices(['onnx']).makeOptionMandatory())
    .option('--out <file>', 'where to write (default: beside the model, model.onnx)')
    .option('--force', 'replace the output file if it exists')
    .action((modelPath: string, flags: ExportFlags) => {
      const model = loadModel(modelPath);
      const out = flags.out ?? join(dirname(model.path), `${basename(model.path, extname(model.path))}.onnx`);
      if (existsSync(out) && !flags.force) throw new TrainError(`${out} exists; pass --force to replace it`);
      // The graph takes raw inputs (pixel values 0–255) and scales them as training did.
      const bytes = exportOnnx(model.network, { inputScale: model.inputScale });
      writeFileAtomic(out, bytes);
      process.stdout.write(`Wrote ${out} (ONNX, ${bytes.byteLength} bytes, input scaled by ${model.inputScale})\n`);
    });
}
