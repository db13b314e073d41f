import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { TrainError } from '../errors';
import { compareData } from '../report/compare-data';
import { compareHtml } from '../report/compare-html';
import { reportData } from '../report/report-data';
import { reportHtml } from '../report/report-html';
import { writeFileAtomic } from '../run/atomic-write';

interface ReportFlags {
  out?: string;
  force?: boolean;
  compare?: boolean;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Write one self-contained HTML file showing a run: curves, settings, weights, the confusion matrix and its digits; ' +
        'with --compare, several runs: their test curves overlaid and the settings that differ.',
    )
    .argument('<runs...>', 'a run folder (with --compare: two or more)')
    .option('--compare', 'compare the runs instead of reporting one')
    .option(
      '--out <file>',
      'where to write (default: report.html in the run folder; with --compare, compare.html here)',
    )
    .option('--force', 'replace the output file if it exists')
    .action(async (runDirs: string[], flags: ReportFlags) => {
      if (!flags.compare && runDirs.length > 1) {
        throw new TrainError(`nn report takes one run (got ${runDirs.length}); pass --compare to compare runs`);
      }
      const out = resolve(flags.out ?? (flags.compare ? 'compare.html' : join(runDirs[0]!, 'report.html')));
      if (existsSync(out) && !flags.force) throw new TrainError(`${out} exists; pass --force to replace it`);
      const html = flags.compare ? compareHtml(compareData(runDirs)) : reportHtml(await reportData(runDirs[0]!));
      writeFileAtomic(out, html);
      process.stdout.write(`Wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB; opens offline)\n`);
    });
}
