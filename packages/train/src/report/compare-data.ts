import { basename, dirname, resolve } from 'node:path';
import type { ComparedRun } from '@nn/views/compare-view';
import { TrainError } from '../errors';
import { readRun } from '../run/read-run';
import { pointsOf, statusOf } from './report-data';

/** What a comparison page draws: the runs in the order given. */
export interface CompareData {
  runs: ComparedRun[];
}

/** Reads each run folder's curves, settings and final figures (the same points a single run's report draws). */
export function compareData(runDirs: string[]): CompareData {
  if (runDirs.length < 2) throw new TrainError(`nn report --compare needs two runs or more, got ${runDirs.length}`);
  const paths = runDirs.map((runDir) => resolve(runDir));
  const repeated = paths.find((path, i) => paths.indexOf(path) !== i);
  if (repeated !== undefined) throw new TrainError(`nn report --compare: run ${repeated} is given twice`);
  const runs = paths.map((runDir): ComparedRun => {
    const record = readRun(runDir);
    const { run, epochs } = pointsOf(record);
    const finalTestAccuracy = record.summary?.testAccuracy;
    return {
      id: run.id,
      status: statusOf(record),
      epochs,
      settings: run.settings,
      ...(finalTestAccuracy !== undefined ? { finalTestAccuracy } : {}),
    };
  });
  // Runs from different runs folders may share a name: those are told apart by their parent folder.
  for (const [i, run] of runs.entries()) {
    if (runs.filter((other) => other.id === run.id).length > 1) run.id = `${basename(dirname(paths[i]!))}/${run.id}`;
  }
  return { runs };
}
