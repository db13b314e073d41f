import { basename } from 'node:path';
import type { RunRecord } from '@nn/train';
import * as vscode from 'vscode';
import { type ControllerDeps, interruptedRun } from './controller-deps';
import { DashboardPanel, type DashboardSource } from './dashboard-panel';
import type { CellDigitsMessage, CellDigitsRequest, DashboardView, PadModel, UpdateMessage } from './protocol';
import { resumeTarget } from './resume-target';
import { announceRunEnd, announceRunFailure, messageOf, OPEN_DASHBOARD, reportInvalidSetting } from './run-end-notice';
import { RunFeed } from './run-feed';
import { RunProgress } from './run-progress';
import { configuredRunsFolder, resolveRunsFolder } from './runs-location';
import { describeProblems, readSettings } from './settings';
import { settingOfConfigError, type TrainingEvent, type TrainingOutcome, type TrainingRun } from './training';

const STOP_AND_START = 'Stop and Start New';
const RESUME = 'Resume';

interface ActiveRun {
  run: TrainingRun;
  feed: RunFeed;
  runDir?: string;
  stopping: boolean;
}

/** Commands → training worker → status bar, progress notification, output channel and dashboard. */
export class TrainingController implements DashboardSource, vscode.Disposable {
  private active: ActiveRun | undefined;
  /** The last run's feed stays after it ends, so the dashboard can still show it. */
  private lastFeed: RunFeed | undefined;
  private lastRunsDir: string | undefined;
  /** A finished or stopped run the user opened (NN: Open Run…): the dashboard shows it until a run starts. */
  private opened: RunRecord | undefined;
  private readonly statusBar: vscode.StatusBarItem;

  constructor(private readonly deps: ControllerDeps) {
    this.statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 100);
    this.statusBar.command = 'nn.showDashboard';
    this.statusBar.tooltip = 'NN training: click to open the dashboard';
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
      await this.stopAndWait(this.active);
    }
    const read = readSettings((key) => vscode.workspace.getConfiguration('nn').get(key));
    if (!read.ok) {
      reportInvalidSetting(this.deps.output, read.problems[0]?.setting, describeProblems(read.problems));
      return;
    }
    const { overrides, dataFolder, runsFolder } = read.settings;
    const outDir = this.runsFolder(runsFolder);
    // The bundled files are MNIST digits; Fashion-MNIST is left to @nn/train's own resolution.
    const dataDir = dataFolder || (overrides.dataset === 'digits' ? this.deps.bundledDataDir : undefined);
    let run: TrainingRun;
    try {
      run = this.deps.startTraining({ ...overrides, ...(dataDir ? { dataDir } : {}), outDir });
    } catch (error) {
      const setting = settingOfConfigError(error);
      if (setting) reportInvalidSetting(this.deps.output, setting, `${setting}: ${messageOf(error)}`);
      else void vscode.window.showErrorMessage(`NN: could not start training: ${messageOf(error)}`);
      return;
    }
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
    const runsDir = this.lastRunsDir ?? this.runsFolder(configuredRunsFolder());
    const target = await resumeTarget(runs, runsDir, runId);
    if ('refusal' in target || this.active) {
      if ('refusal' in target) void vscode.window.showInformationMessage(target.refusal);
      return;
    }
    const { record } = target;
    let run: TrainingRun;
    try {
      run = resumeTraining(record.path);
    } catch (error) {
      void vscode.window.showErrorMessage(`NN: could not resume ${basename(record.path)}: ${messageOf(error)}`);
      return;
    }
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
    const record = interruptedRun(runs, this.runsFolder(configuredRunsFolder()));
    // A run another window is still training looks the same on disk: resuming it would train it twice.
    if (!record || (await runs.isBeingWritten(record)) || this.active) return;
    const id = basename(record.path);
    const progress = `epoch ${record.completedEpochs}/${record.config.epochs}`;
    this.statusBar.text = `$(debug-pause) NN ${id} stopped · ${progress}`;
    this.statusBar.command = 'nn.resume';
    this.statusBar.tooltip = `NN: run ${id} was interrupted; click to resume it`;
    this.statusBar.show();
    const choice = await vscode.window.showWarningMessage(
      `NN: run ${id} was interrupted after ${progress} (the window was closed or reloaded). Its checkpoint can continue it.`,
      RESUME,
      OPEN_DASHBOARD,
    );
    if (choice === RESUME) await this.resume(id);
    if (choice === OPEN_DASHBOARD) this.showDashboard('dashboard');
  }

  stop(): void {
    const active = this.active;
    if (!active) {
      void vscode.window.showInformationMessage('NN: no training run is in progress.');
      return;
    }
    if (active.stopping) return;
    active.stopping = true;
    this.deps.output.appendLine('Stopping after the current batch; the last checkpoint is kept.');
    active.feed.setStatus('stopping');
    active.run.stop();
  }

  showDashboard(view: DashboardView): void {
    DashboardPanel.createOrShow(this.deps.extensionUri, view, this);
  }

  async replay(): Promise<UpdateMessage | undefined> {
    const feed = this.active?.feed ?? this.lastFeed;
    if (feed) return feed.replay();
    const record = this.recordShown();
    return record ? this.deps.runs?.load(record) : undefined;
  }

  /** The runs in the runs folder, newest first, for NN: Open Run… (none without a run store). */
  listRuns(): RunRecord[] {
    return this.deps.runs?.list?.(this.lastRunsDir ?? this.runsFolder(configuredRunsFolder())) ?? [];
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
    return this.opened ?? this.deps.runs?.newest(this.lastRunsDir ?? this.runsFolder(configuredRunsFolder()));
  }

  /** The newest full network of the run the dashboard shows (the one `replay` sends), without replaying. */
  async shownPadModel(): Promise<PadModel | undefined> {
    const feed = this.active?.feed ?? this.lastFeed;
    if (feed) return feed.padModel;
    const record = this.recordShown();
    return record ? (await this.deps.runs?.load(record))?.padModel : undefined;
  }

  /** The run the dashboard shows (the one `replay` sends), or the newest in the runs folder. */
  shownRun(): RunRecord | undefined {
    const runsDir = this.lastRunsDir ?? this.runsFolder(configuredRunsFolder());
    const id = (this.active?.feed ?? this.lastFeed)?.shownRunId;
    return id ? this.deps.runs?.find(runsDir, id) : this.recordShown();
  }

  /** Looked up by id in the runs folder, like Resume: the page never names a path. */
  async cellDigits(request: CellDigitsRequest): Promise<CellDigitsMessage | undefined> {
    const runs = this.deps.runs;
    const record = runs?.find(this.lastRunsDir ?? this.runsFolder(configuredRunsFolder()), request.runId);
    return record ? runs?.cellDigits?.(record, request) : undefined;
  }

  drawn(seq: number): void {
    (this.active?.feed ?? this.lastFeed)?.drawn(seq);
  }

  padWanted(): void {
    (this.active?.feed ?? this.lastFeed)?.wantPadModel();
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
    this.statusBar.text = '$(sync~spin) NN starting…';
    this.statusBar.command = 'nn.showDashboard';
    this.statusBar.tooltip = 'NN training: click to open the dashboard';
    this.statusBar.show();

    const shown = new RunProgress(this.statusBar, this.deps.output);
    let newestCheckpoint = 0;
    const unsubscribe = run.onEvent((event: TrainingEvent) => {
      shown.show(event);
      if (event.type === 'run') active.runDir = event.runDir;
      if (event.type === 'checkpoint') {
        // Snapshots come on a timer; the checkpoint gives the weights at each epoch's end as well. The file is
        // rewritten every epoch, so a read that a newer checkpoint overtook is dropped rather than mislabelled.
        const epoch = event.epoch;
        newestCheckpoint = epoch;
        void this.deps.loadFinalWeights?.(event.path, epoch).then((weights) => {
          if (weights && epoch === newestCheckpoint) feed.showWeights(weights);
        });
      }
      feed.apply(event);
    });

    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'NN: Training', cancellable: true },
      async (report, token) => {
        shown.attach(report);
        token.onCancellationRequested(() => {
          if (this.active === active) this.stop();
        });
        await run.done.catch(() => undefined);
      },
    );

    run.done.then(
      (outcome) => void this.finish(active, outcome, unsubscribe),
      (error: unknown) => this.fail(active, error, unsubscribe),
    );
  }

  private async finish(active: ActiveRun, outcome: TrainingOutcome, unsubscribe: () => void): Promise<void> {
    unsubscribe();
    if (this.active === active) this.active = undefined;
    const weights = await this.deps.loadFinalWeights?.(outcome.runDir, outcome.epochs).catch(() => undefined);
    if (weights) active.feed.showWeights(weights);
    const total = active.feed.summary?.epochs ?? outcome.epochs;
    // A resume checkpoint is written at each epoch's end: a run stopped in its first epoch has none.
    const resumable =
      outcome.stopped && outcome.epochs > 0 && outcome.epochs < total && this.deps.resumeTraining !== undefined;
    active.feed.setStatus(outcome.stopped ? 'stopped' : 'finished', {
      resumable,
      finalTestAccuracy: outcome.testAccuracy,
    });
    announceRunEnd(outcome, this.statusBar, this.deps.output, () => this.showDashboard('dashboard'));
  }

  private fail(active: ActiveRun, error: unknown, unsubscribe: () => void): void {
    unsubscribe();
    if (this.active === active) this.active = undefined;
    active.feed.setStatus('failed');
    announceRunFailure(error, this.statusBar, this.deps.output);
  }

  private async stopAndWait(active: ActiveRun): Promise<void> {
    if (!active.stopping) {
      active.stopping = true;
      active.feed.setStatus('stopping');
      active.run.stop();
    }
    await active.run.done.catch(() => undefined);
  }

  private runsFolder(configured: string): string {
    return resolveRunsFolder(configured, this.deps.globalStorageUri);
  }
}
