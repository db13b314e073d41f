import { writeFileSync } from 'node:fs';
import { type IdxArray, readIdxFile, toPng } from '@nn/mnist';
import { type Command, Option } from 'commander';
import { DATASETS, type DatasetName } from '../config/train-config';
import { TrainError } from '../errors';
import { nonNegativeInteger } from './parse-values';

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Look at and fetch IDX data files.');

  data
    .command('info')
    .description('Header and value statistics of an IDX file (.gz too).')
    .argument('<file>', 'an IDX file')
    .option('--json', 'print one JSON object instead of text')
    .action(async (file: string, flags: { json?: boolean }) => {
      const idx = await readIdx(file);
      const stats = valueStats(idx);
      const labelCounts =
        idx.dims.length === 1 && idx.type === 'uint8' && stats.max <= 9 ? countLabels(idx) : undefined;
      if (flags.json) {
        const { type, dims } = idx;
        const info = { file, type, dims, values: idx.data.length, ...stats, labelCounts };
        process.stdout.write(`${JSON.stringify(info)}\n`);
        return;
      }
      process.stdout.write(
        `${file}\n  type ${idx.type}\n  dims [${idx.dims.join(', ')}]\n  values ${idx.data.length}` +
          `\n  min ${stats.min}  max ${stats.max}  mean ${stats.mean.toFixed(3)}\n`,
      );
      if (labelCounts) process.stdout.write(`  labels ${labelCounts.map((n, d) => `${d}:${n}`).join('  ')}\n`);
    });

  data
    .command('show')
    .description('Write one 28×28 image of an IDX image file as a PNG.')
    .argument('<file>', 'an IDX image file')
    .requiredOption('--index <n>', 'which image (0-based)', nonNegativeInteger)
    .requiredOption('--out <png>', 'where to write the PNG')
    .action(async (file: string, flags: { index: number; out: string }) => {
      const idx = await readIdx(file);
      const [count, rows, cols] = idx.dims;
      if (
        idx.type !== 'uint8' ||
        idx.dims.length !== 3 ||
        count === undefined ||
        rows === undefined ||
        cols === undefined
      ) {
        throw new TrainError(`${file} holds ${idx.type} [${idx.dims.join(', ')}], not N×rows×cols images of bytes`);
      }
      if (flags.index >= count) throw new TrainError(`--index ${flags.index} is past the last image (${count - 1})`);
      const size = rows * cols;
      const image = (idx.data as Uint8Array).subarray(flags.index * size, (flags.index + 1) * size);
      writeFileSync(flags.out, toPng(image, cols, rows));
      process.stdout.write(`${flags.out}\n`);
    });

  data
    .command('download')
    .description('Download a data set into the user cache (verified against known checksums).')
    .addOption(new Option('--dataset <name>', 'digits or fashion').choices(DATASETS).default('digits'))
    .action(async (flags: { dataset: DatasetName }) => {
      const { downloadMnist } = await import('@nn/mnist');
      const dir = await downloadMnist({ variant: flags.dataset });
      process.stdout.write(`${typeof dir === 'string' ? dir : JSON.stringify(dir)}\n`);
    });
}

async function readIdx(file: string): Promise<IdxArray> {
  try {
    return await readIdxFile(file);
  } catch (error) {
    throw new TrainError(`cannot read IDX file ${file}: ${(error as Error).message}`);
  }
}

function valueStats(idx: IdxArray): { min: number; max: number; mean: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  const values = idx.data as ArrayLike<number | bigint>;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: idx.data.length > 0 ? sum / idx.data.length : Number.NaN };
}

/** How many samples carry each digit 0–9 (for a label file). */
function countLabels(idx: IdxArray): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of idx.data as Uint8Array) counts[label]!++;
  return counts;
}
