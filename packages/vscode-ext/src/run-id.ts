import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RUN_FILES, type RunRecord, readRun } from '@nn/train';
import { runIdProblem } from './protocol-history';

/** A run id the page sent that names no run in the runs folder, or that is not a plain folder name at all. */
export class RunIdError extends Error {
  override name = 'RunIdError';
  constructor(
    readonly runId: string,
    reason: string,
  ) {
    super(`NN: cannot use run ${JSON.stringify(runId.slice(0, 80))}: ${reason}`);
  }
}

/**
 * The run folder `runId` names inside `runsDir`. The id comes from the page, so it is checked before it touches a
 * path: a plain folder name (protocol-history.ts), whose folder sits directly in `runsDir` and holds a run.
 * Throws RunIdError otherwise.
 */
export function resolveRunId(runsDir: string, runId: string): RunRecord {
  const problem = runIdProblem(runId);
  if (problem) throw new RunIdError(String(runId), problem);
  const root = resolve(runsDir);
  const path = join(root, runId);
  // Belt and braces: after the checks above the folder's parent can only be the runs folder itself.
  if (dirname(path) !== root) throw new RunIdError(runId, `it would lead out of ${root}`);
  if (!existsSync(join(path, RUN_FILES.config))) throw new RunIdError(runId, `there is no such run in ${root}`);
  try {
    return readRun(path);
  } catch (error) {
    throw new RunIdError(runId, `its folder cannot be read (${error instanceof Error ? error.message : error})`);
  }
}
