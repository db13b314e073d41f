import { basename } from 'node:path';
import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import type { RunStore } from './controller-deps';
import { messageOf } from './run-end-notice';
import type { ResumeTraining, TrainingRun } from './training';

/** The run a Resume (button or command) continues, or why there is none, said as the user should read it. */
export type ResumeTarget = { record: RunRecord } | { refusal: string };

/**
 * Picks the run to resume: `runId` (the dashboard's button) or the newest run in `runsDir` (the command). It refuses
 * a run whose folder has gone since the dashboard showed it, one that cannot continue, and one another window's
 * worker still trains (resuming it would run two workers into one folder).
 */
export async function resumeTarget(runs: RunStore, runsDir: string, runId?: string): Promise<ResumeTarget> {
  const record = runId === undefined ? runs.newest(runsDir) : runs.find(runsDir, runId);
  if (!record && runId !== undefined && isPlainName(runId)) {
    return { refusal: `NN: run ${runId} is no longer in ${runsDir}: its folder was deleted or moved.` };
  }
  if (!record || !runs.isResumable(record)) {
    const what = runId === undefined ? `the newest run in ${runsDir}` : `run ${runId}`;
    return {
      refusal: `NN: ${what} cannot be resumed: it finished, or it has no resume checkpoint (no epoch completed).`,
    };
  }
  // A run with no summary either was cut off or is still training in another window: only its metrics tell.
  if (record.summary === undefined && (await runs.isBeingWritten(record))) {
    return { refusal: `NN: run ${runId ?? record.path} is still training in another window.` };
  }
  return { record };
}

/**
 * Resumes the run `resumeTarget` picks, or tells the user why not (also when `busy()` says a run started meanwhile).
 * Returns the resumed run and its record (for the curves it had), or undefined.
 */
export async function resumeRun(
  runs: RunStore,
  resumeTraining: ResumeTraining,
  runsDir: string,
  runId: string | undefined,
  busy: () => boolean,
): Promise<{ run: TrainingRun; record: RunRecord } | undefined> {
  const target = await resumeTarget(runs, runsDir, runId);
  if ('refusal' in target) void vscode.window.showInformationMessage(target.refusal);
  if ('refusal' in target || busy()) return undefined;
  try {
    return { run: resumeTraining(target.record.path), record: target.record };
  } catch (error) {
    void vscode.window.showErrorMessage(`NN: could not resume ${basename(target.record.path)}: ${messageOf(error)}`);
    return undefined;
  }
}

/** A folder name, not a path: an id with separators or dots is never looked up, so it is not "gone" either. */
function isPlainName(runId: string): boolean {
  return /^[\w-]+$/.test(runId);
}
