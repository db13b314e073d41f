import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { TrainError } from '../errors';
import { reportData } from '../report/report-data';
import { reportHtml } from '../report/report-html';
import { writeFileAtomic } from '../run/atomic-write';

interface ReportFlags {
  out?: string;
  force?: boolean;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'Write one self-contained HTML file showing a run: curves, settings, weights, the confusion matrix and its digits.',
    )
    .argument('<run>', 'a run folder')
    .option('--out <file>', 'where to write (default: report.html in the run folder)')
    .option('--force', 'replace the output file if it exists')
    .action(async (runDir: string, flags: ReportFlags) => {
      const out = resolve(flags.out ?? join(runDir, 'report.html'));
      if (existsSync(out) && !flags.force) throw new TrainError(`${out} exists; pass --force to replace it`);
      const html = reportHtml(await reportData(runDir));
      writeFileAtomic(out, html);
      process.stdout.write(`Wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB; opens offline)\n`);
    });
}
