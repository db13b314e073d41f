import { basename } from 'node:path';
import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { type ActiveRun, followRun, requestStop, showRunEnd, stopAndWait } from './active-run';
import { type ControllerDeps, interruptedRun } from './controller-deps';
import { DashboardPanel, type DashboardSource } from './dashboard-panel';
import type { CellDigitsMessage, CellDigitsRequest, DashboardView, PadModel, UpdateMessage } from './protocol';
import type { UnitDigitsMessage, UnitDigitsRequest, UnitsMessage, UnitsRequest } from './protocol-units';
import { resumeRun } from './resume-target';
import { announceInterrupted, announceRunEnd, announceRunFailure, OPEN_DASHBOARD, RESUME } from './run-end-notice';
import { RunFeed } from './run-feed';
import { RunHistory } from './run-history';
import { configuredRunsFolder, resolveRunsFolder } from './runs-location';
import { startFromSettings } from './start-run';
import type { TrainingOutcome, TrainingRun } from './training';

const STOP_AND_START = 'Stop and Start New';

/** Commands → training worker → status bar, progress notification, output channel and dashboard. */
export class TrainingController implements DashboardSource, vscode.Disposable {
  private active: ActiveRun | undefined;
  /** The last run's feed stays after it ends, so the dashboard can still show it. */
  private lastFeed: RunFeed | undefined;
  private lastRunsDir: string | undefined;
  /** A finished or stopped run the user opened (NN: Open Run…): the dashboard shows it until a run starts. */
  private opened: RunRecord | undefined;
  private readonly statusBar: vscode.StatusBarItem;
  /** The runs folder's list in the dashboard, and what the page asks of its runs. */
  readonly history = new RunHistory({
    runsDir: () => this.runsDir(),
    listRuns: () => this.listRuns(),
    trainingRunId: () => this.active?.feed.id || undefined,
    openRun: (record) => this.openRun(record),
    // A deleted run the dashboard showed: it moves on to the newest run left.
    forget: (runId) => {
      if ([this.opened && basename(this.opened.path), this.lastFeed?.id].includes(runId))
        this.opened = this.lastFeed = undefined;
      if (!this.active) void this.replay().then((update) => update && DashboardPanel.current?.post(update));
    },
    post: (message) => DashboardPanel.current?.post(message),
  });

  constructor(private readonly deps: ControllerDeps) {
    this.statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
    this.statusBar.command = 'nn.showDashboard';
    this.statusBar.tooltip = 'NN training: click to open the dashboard';
  }

  /** The feed of the run training, else of the last one this window trained. */
  private get shownFeed(): RunFeed | undefined {
    return this.active?.feed ?? this.lastFeed;
  }

  get isTraining(): boolean {
    return this.active !== undefined;
  }

  async train(): Promise<void> {
    if (this.active) {
      const choice = await vscode.window.showWarningMessage(
        'NN: a training run is in progress. Stop it and start a new one?',
        { modal: true },
        STOP_AND_START,
      );
      if (choice !== STOP_AND_START || !this.active) return;
      await stopAndWait(this.active);
    }
    const started = startFromSettings(this.deps, (configured) =>
      resolveRunsFolder(configured, this.deps.globalStorageUri),
    );
    if (!started) return;
    const { run, outDir } = started;
    this.lastRunsDir = outDir;
    this.begin(run, outDir, this.newFeed());
  }

  /**
   * Continues a stopped run that has a resume checkpoint: `runId` (the dashboard's button) or the newest run
   * in the runs folder (the command). The run keeps its folder and name, and its curves continue.
   */
  async resume(runId?: string): Promise<void> {
    const { runs, resumeTraining } = this.deps;
    if (!runs || !resumeTraining) return;
    if (this.active) {
      void vscode.window.showInformationMessage('NN: a training run is in progress; stop it before resuming another.');
      return;
    }
    const runsDir = this.runsDir();
    const started = await resumeRun(runs, resumeTraining, runsDir, runId, () => this.isTraining);
    if (!started) return;
    const { run, record } = started;
    const feed = this.newFeed();
    for (const event of record.events) feed.apply(event);
    this.lastRunsDir = runsDir;
    this.begin(run, runsDir, feed);
  }

  /**
   * After a window reload the worker is gone with the old extension host: the newest run then has no summary.
   * Say so, and offer to continue it from its checkpoint, instead of letting the run vanish silently.
   */
  async offerResume(): Promise<void> {
    const runs = this.deps.runs;
    if (!runs || this.active) return;
    const record = interruptedRun(runs, resolveRunsFolder(configuredRunsFolder(), this.deps.globalStorageUri));
    // A run another window is still training looks the same on disk: resuming it would train it twice.
    if (!record || (await runs.isBeingWritten(record)) || this.active) return;
    const choice = await announceInterrupted(record, this.statusBar);
    if (choice === RESUME) await this.resume(basename(record.path));
    if (choice === OPEN_DASHBOARD) this.showDashboard('dashboard');
  }

  stop(): void {
    if (!this.active) void vscode.window.showInformationMessage('NN: no training run is in progress.');
    else if (requestStop(this.active)) {
      this.deps.output.appendLine('Stopping after the current batch; the last checkpoint is kept.');
    }
  }

  showDashboard(view: DashboardView): void {
    DashboardPanel.createOrShow(this.deps.extensionUri, view, this);
  }

  async replay(): Promise<UpdateMessage | undefined> {
    const feed = this.shownFeed;
    if (feed) return feed.replay();
    const record = this.recordShown();
    return record ? this.deps.runs?.load(record) : undefined;
  }

  /** The runs in the runs folder, newest first, for NN: Open Run… and the history (none without a run store). */
  async listRuns(): Promise<RunRecord[]> {
    return (await this.deps.runs?.list?.(this.runsDir())) ?? [];
  }

  /**
   * Shows `record` in the dashboard (curves, final weights, confusion matrix). Refused while a run trains: the
   * dashboard follows the training run then. True when shown.
   */
  openRun(record: RunRecord): boolean {
    if (this.active) {
      void vscode.window.showInformationMessage(
        'NN: a run is training and the dashboard follows it; open another run once it has ended.',
      );
      return false;
    }
    this.opened = record;
    this.lastFeed = undefined;
    const existed = DashboardPanel.current !== undefined;
    DashboardPanel.createOrShow(this.deps.extensionUri, 'dashboard', this);
    // A new panel asks for its replay when its page loads; an open one is sent the run now.
    if (existed) void this.replay().then((update) => update && DashboardPanel.current?.post(update));
    return true;
  }

  /** Without a live feed: the run the user opened, else the newest in the runs folder. */
  private recordShown(): RunRecord | undefined {
    return this.opened ?? this.deps.runs?.newest(this.runsDir());
  }

  /** The newest full network of the run the dashboard shows (the one `replay` sends), without replaying. */
  async shownPadModel(): Promise<PadModel | undefined> {
    const feed = this.shownFeed;
    if (feed) return feed.padModel;
    const record = this.recordShown();
    return record ? (await this.deps.runs?.load(record))?.padModel : undefined;
  }

  /** The run the dashboard shows (the one `replay` sends), or the newest in the runs folder. */
  shownRun(): RunRecord | undefined {
    const runsDir = this.runsDir();
    const id = this.shownFeed?.shownRunId;
    return id ? this.deps.runs?.find(runsDir, id) : this.recordShown();
  }

  /** Looked up by id in the runs folder, like Resume: the page never names a path. */
  async cellDigits(request: CellDigitsRequest): Promise<CellDigitsMessage | undefined> {
    const record = this.deps.runs?.find(this.runsDir(), request.runId);
    return record && this.deps.runs?.cellDigits?.(record, request);
  }

  /** A run's units and histograms, or a unit's top digits: looked up by id in the runs folder, like cellDigits. */
  async unitDetails(request: UnitsRequest | UnitDigitsRequest): Promise<UnitsMessage | UnitDigitsMessage | undefined> {
    const record = this.deps.runs?.find(this.runsDir(), request.runId);
    return record && this.deps.runs?.unitDetails?.(record, request);
  }

  drawn(seq: number): void {
    this.shownFeed?.drawn(seq);
  }

  tileUnits(units: number[]): void {
    this.shownFeed?.showTileUnits(units);
  }

  padWanted(): void {
    this.shownFeed?.wantPadModel();
  }

  log(line: string): void {
    this.deps.output.appendLine(line);
  }

  dispose(): void {
    // A window closing or reloading ends its run as a kill would: no summary that says "stopped", which a stop
    // that raced the extension host's end wrote only sometimes, so the next window reliably offers Resume.
    this.active?.run.interrupt();
    this.statusBar.dispose();
  }

  private newFeed(): RunFeed {
    return new RunFeed((message) => DashboardPanel.current?.post(message) ?? false);
  }

  private begin(run: TrainingRun, outDir: string, feed: RunFeed): void {
    const active: ActiveRun = { run, feed, stopping: false };
    this.active = active;
    this.lastFeed = feed;
    this.opened = undefined;
    this.deps.output.appendLine(`Training started; runs go to ${outDir}.`);
    const cancel = () => this.active === active && this.stop();
    const unsubscribe = followRun(active, this.statusBar, this.deps, cancel, () => this.history.refresh());

    run.done.then(
      (outcome) => void this.finish(active, outcome, unsubscribe),
      (error: unknown) => this.fail(active, error, unsubscribe),
    );
  }

  private async finish(active: ActiveRun, outcome: TrainingOutcome, unsubscribe: () => void): Promise<void> {
    unsubscribe();
    if (this.active === active) this.active = undefined;
    await showRunEnd(active.feed, outcome, this.deps.loadFinalWeights, this.deps.resumeTraining !== undefined);
    void this.history.refresh();
    announceRunEnd(outcome, this.statusBar, this.deps.output, () => this.showDashboard('dashboard'));
  }

  private fail(active: ActiveRun, error: unknown, unsubscribe: () => void): void {
    unsubscribe();
    if (this.active === active) this.active = undefined;
    void this.history.refresh();
    active.feed.setStatus('failed');
    announceRunFailure(error, this.statusBar, this.deps.output);
  }

  /** The folder of the last run this window started, else the configured one. */
  private runsDir(): string {
    return this.lastRunsDir ?? resolveRunsFolder(configuredRunsFolder(), this.deps.globalStorageUri);
  }
}
