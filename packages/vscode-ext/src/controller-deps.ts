import type { RunRecord } from '@nn/train';
import type { CheckpointWeights } from '@nn/views/weight-sample';
import type * as vscode from 'vscode';
import type { CellDigitsMessage, CellDigitsRequest, UpdateMessage } from './protocol';
import type { UnitDigitsMessage, UnitDigitsRequest, UnitsMessage, UnitsRequest } from './protocol-units';
import type { ResumeTraining, StartTraining } from './training';

/** What the training controller is given: the real parts in extension.ts, scripted ones in the unit tests. */
export interface ControllerDeps {
  startTraining: StartTraining;
  output: vscode.OutputChannel;
  extensionUri: vscode.Uri;
  /** Used for runs when there is no workspace folder. */
  globalStorageUri: vscode.Uri;
  /** The MNIST digits shipped inside the extension (gzip IDX files). */
  bundledDataDir: string;
  /** Continues a stopped run from its resume checkpoint. */
  resumeTraining?: ResumeTraining;
  /** The run folders on disk, for a dashboard opened after a run (or a reload) and for resuming. */
  runs?: RunStore;
  /** Reads the weights a checkpoint holds, so the dashboard ends on the final weights. */
  loadFinalWeights?: (path: string, epoch: number) => Promise<CheckpointWeights | undefined>;
}

/** Read-only access to the runs folder (train-adapter.ts); run ids are looked up there, never taken as paths. */
export interface RunStore {
  find(runsDir: string, runId: string): RunRecord | undefined;
  newest(runsDir: string): RunRecord | undefined;
  /** Every run in the folder, newest first (NN: Open Run…). */
  list?(runsDir: string): RunRecord[];
  isResumable(run: RunRecord): boolean;
  /** True when something (another window's worker) still appends to the run's metrics while we watch. */
  isBeingWritten(run: RunRecord): Promise<boolean>;
  load(run: RunRecord): Promise<UpdateMessage>;
  /** The test digits of one confusion cell of the run (cell-digits.ts). */
  cellDigits?(run: RunRecord, request: CellDigitsRequest): Promise<CellDigitsMessage>;
  /** The run's unit statistics and histograms, or one unit's top test digits (unit-details.ts). */
  unitDetails?(run: RunRecord, request: UnitsRequest | UnitDigitsRequest): Promise<UnitsMessage | UnitDigitsMessage>;
}

/**
 * The run a window reload cut off: the newest in the folder, with no summary (its worker died with the old
 * extension host) and a resume checkpoint.
 */
export function interruptedRun(runs: RunStore, runsDir: string): RunRecord | undefined {
  const record = runs.newest(runsDir);
  return record && record.summary === undefined && runs.isResumable(record) ? record : undefined;
}
