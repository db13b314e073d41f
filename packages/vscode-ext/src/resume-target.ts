import type { RunRecord } from '@nn/train';
import type { RunStore } from './controller-deps';

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

/** A folder name, not a path: an id with separators or dots is never looked up, so it is not "gone" either. */
function isPlainName(runId: string): boolean {
  return /^[\w-]+$/.test(runId);
}
