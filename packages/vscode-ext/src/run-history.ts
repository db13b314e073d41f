import { renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compareData, listRuns, RUN_FILES, type RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { historyRow } from './history-rows';
import type { CompareMessage, HistoryMessage, HistoryRequest } from './protocol-history';
import { resolveRunId } from './run-id';
import { revealRunFolder } from './runs-location';

/** What the history needs of the controller. */
export interface HistoryHost {
  /** The runs folder the dashboard lists. */
  runsDir(): string;
  /** The id of the run this window is training, if any. */
  trainingRunId(): string | undefined;
  /** Shows a run in the dashboard as NN: Open Run… does; false when refused (a run is training). */
  openRun(record: RunRecord): boolean;
  /** A run's folder is gone: the dashboard must not go on reading it. */
  forget(runId: string): void;
  /** Posts to the dashboard's page, if one is open. */
  post(message: HistoryMessage): void;
}

export const DELETE = 'Delete';

/** A run without a summary whose metrics changed this recently may be training in another window. */
const WRITING_MS = 5_000;

/**
 * The dashboard's run history: the runs folder listed for the page, and the page's requests (compare, open, reveal,
 * delete), each naming runs by id, resolved inside the runs folder (run-id.ts) and refused with a message otherwise.
 */
export class RunHistory {
  constructor(private readonly host: HistoryHost) {}

  /** The runs folder's runs, newest first. */
  message(): HistoryMessage {
    const runsDir = this.host.runsDir();
    const trainingId = this.host.trainingRunId();
    return {
      type: 'history',
      folder: runsDir,
      runs: listRuns(runsDir).map((record) => historyRow(record, trainingId)),
    };
  }

  /** Sends the page the list as it is now (a run started or ended, a run was deleted). */
  refresh(): void {
    this.host.post(this.message());
  }

  /** The runs' test curves and settings for the comparison, as `nn report --compare` reads them. */
  compare(runIds: string[]): CompareMessage {
    try {
      const paths = runIds.map((id) => resolveRunId(this.host.runsDir(), id).path);
      return { type: 'compare', ...compareData(paths) };
    } catch (error) {
      return { type: 'compare', runs: [], problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Carries out a request of the page; a compare request is answered with the comparison. */
  async handle(request: HistoryRequest): Promise<CompareMessage | undefined> {
    if (request.type === 'compareRuns') return this.compare(request.runIds);
    let record: RunRecord;
    try {
      record = resolveRunId(this.host.runsDir(), request.runId);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      this.refresh();
      return undefined;
    }
    if (request.type === 'openRun') this.host.openRun(record);
    else if (request.type === 'revealRun') await revealRunFolder(record.path);
    else await this.delete(record);
    return undefined;
  }

  /**
   * Deletes a run's folder after a modal confirmation. Never the run this window trains, nor one whose metrics are
   * still growing (another window's); each refusal says why. True when deleted.
   */
  async delete(record: RunRecord): Promise<boolean> {
    const id = basename(record.path);
    const refusal = this.deleteRefusal(record);
    if (refusal) {
      void vscode.window.showErrorMessage(refusal);
      return false;
    }
    const choice = await vscode.window.showWarningMessage(
      `Delete run ${id}?`,
      {
        modal: true,
        detail: `Its folder ${record.path} (settings, metrics, model and checkpoints) is removed; this cannot be undone.`,
      },
      DELETE,
    );
    // The run may have been resumed while the question was open.
    const late = choice === DELETE ? this.deleteRefusal(record) : undefined;
    if (choice !== DELETE || late) {
      if (late) void vscode.window.showErrorMessage(late);
      return false;
    }
    // Renamed first, in one step, so no half-deleted folder is ever listed or opened as a run.
    const doomed = join(dirname(record.path), `.deleting-${id}`);
    renameSync(record.path, doomed);
    rmSync(doomed, { recursive: true, force: true });
    this.host.forget(id);
    this.refresh();
    return true;
  }

  private deleteRefusal(record: RunRecord): string | undefined {
    const id = basename(record.path);
    if (id === this.host.trainingRunId()) {
      return `NN: run ${id} is training; stop it (NN: Stop Training) before deleting it.`;
    }
    const changed = statSync(join(record.path, RUN_FILES.metrics), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (record.summary === undefined && Date.now() - changed < WRITING_MS) {
      return `NN: run ${id} is still being written, probably trained in another window; stop it there first.`;
    }
    return undefined;
  }
}
