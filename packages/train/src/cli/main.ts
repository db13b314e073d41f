#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
// Bundled at build time (only this field), so the version printed is the one published.
import { version } from '../../package.json';
import { registerDataCommands } from './data-commands';
import { registerEvalCommand } from './eval-command';
import { registerExportCommand } from './export-command';
import { errorMessage } from './fail';
import { registerPredictCommand } from './predict-command';
import { registerReportCommand } from './report-command';
import { registerTrainCommand } from './train-command';

const program = new Command('nn')
  .description('Train, evaluate and use a from-scratch MLP on MNIST.')
  .version(version, '-V, --version', 'print the version of @nn/train and exit')
  .exitOverride()
  // The same prefix as our own errors, so every failure reads `nn: …` on one line.
  .configureOutput({ outputError: (text, write) => write(`nn: ${text}`) });
// `nn data info FILE | head -1`: once the reader has gone, the rest of the output has nowhere to go; stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
registerTrainCommand(program);
registerEvalCommand(program);
registerPredictCommand(program);
registerExportCommand(program);
registerReportCommand(program);
registerDataCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Commander has already printed its one-line usage error; anything else is ours to print, without a stack.
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`nn: ${errorMessage(error)}\n`);
  process.exit(1);
});
