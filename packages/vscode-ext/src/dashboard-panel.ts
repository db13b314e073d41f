import * as vscode from 'vscode';
import { dashboardHtml, makeNonce } from './dashboard-html';
import {
  type CellDigitsMessage,
  type CellDigitsRequest,
  type CompareMessage,
  type DashboardView,
  describeMessage,
  type HostToWebview,
  type PadPictureMessage,
  parseWebviewMessage,
  type UnitDigitsMessage,
  type UnitDigitsRequest,
  type UnitsMessage,
  type UnitsRequest,
  type UpdateMessage,
} from './protocol';
import type { RunHistory } from './run-history';

export const DASHBOARD_VIEW_TYPE = 'nn.dashboard';

/** Where the panel gets the current run from when its page (re)loads, and where it reports problems. */
export interface DashboardSource {
  replay(): Promise<UpdateMessage | undefined>;
  /** The page drew update `seq`, weights and all. */
  drawn(seq: number): void;
  /** The page is about to use the digit pad: send it the run's full network from now on. */
  padWanted?(): void;
  /** The page's "Resume" button, with the id of the run it shows. */
  resume(runId: string): void;
  /** The empty page's "Train MNIST" button. */
  train(): void;
  /** A click on a confusion cell: its test digits, or undefined when the run is not in the runs folder. */
  cellDigits(request: CellDigitsRequest): Promise<CellDigitsMessage | undefined>;
  /** The shown run's unit statistics and histograms, or a clicked unit's top digits (unit-details.ts). */
  unitDetails?(request: UnitsRequest | UnitDigitsRequest): Promise<UnitsMessage | UnitDigitsMessage | undefined>;
  log(line: string): void;
  /** The runs folder's list, and the page's requests about its runs (compare, open, reveal, delete). */
  readonly history?: RunHistory;
}

/**
 * The one dashboard panel: creates or reveals it, revives it after a window reload, and owns its HTML.
 * The page keeps its own state (getState/setState), so no retainContextWhenHidden: a hidden panel costs nothing.
 */
export class DashboardPanel {
  static current: DashboardPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  /** A picture for the pad, posted again after the next replay: a page still loading would miss it. */
  private picture: PadPictureMessage | undefined;
  /** A comparison NN: Compare Runs… asked for, posted again after the next replay, like the picture. */
  private comparison: CompareMessage | undefined;

  static createOrShow(extensionUri: vscode.Uri, view: DashboardView, source: DashboardSource): DashboardPanel {
    const existing = DashboardPanel.current;
    if (existing) {
      existing.panel.reveal(existing.panel.viewColumn);
      existing.post({ type: 'view', view });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      view === 'weights' ? 'NN Weights' : 'NN Dashboard',
      vscode.ViewColumn.Beside,
      webviewOptions(extensionUri),
    );
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, view, source);
    return DashboardPanel.current;
  }

  /** Called by the WebviewPanelSerializer after a reload, with the state the page saved. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: unknown, source: DashboardSource): void {
    panel.webview.options = webviewOptions(extensionUri);
    const view = (state as { view?: unknown } | undefined)?.view === 'weights' ? 'weights' : 'dashboard';
    DashboardPanel.current?.dispose();
    DashboardPanel.current = new DashboardPanel(panel, extensionUri, view, source);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    view: DashboardView,
    private readonly source: DashboardSource,
  ) {
    const media = vscode.Uri.joinPath(extensionUri, 'media', 'dist');
    const webview = panel.webview;
    webview.html = dashboardHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'dashboard.css')).toString(),
      nonce: makeNonce(),
      view,
    });
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw), undefined, this.disposables);
  }

  /** Sends a message to the page; false when the panel is hidden (its page then asks for a replay when shown). */
  post(message: HostToWebview): boolean {
    if (!this.panel.visible) return false;
    void this.panel.webview.postMessage(message);
    return true;
  }

  /** Shows a picked picture in the pad: now if the page is there, and after the replay of a page (re)loading. */
  showPicture(message: PadPictureMessage): void {
    this.picture = message;
    this.post(message);
  }

  /** Shows runs compared (NN: Compare Runs…): now if the page is there, and after the replay of a page (re)loading. */
  showComparison(message: CompareMessage): void {
    this.comparison = message;
    this.post(message);
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.source.log(`Dashboard: ignored a malformed or unknown message (${describeMessage(raw)}).`);
      return;
    }
    if (message.type === 'error') {
      this.source.log(`Dashboard: ${message.message}`);
      return;
    }
    if (message.type === 'padWanted') {
      this.source.padWanted?.();
      return;
    }
    if (message.type === 'drawn') {
      this.source.drawn(message.seq);
      return;
    }
    if (message.type === 'resume') {
      this.source.resume(message.runId);
      return;
    }
    if (message.type === 'train') {
      this.source.train();
      return;
    }
    if (
      message.type === 'compareRuns' ||
      message.type === 'openRun' ||
      message.type === 'revealRun' ||
      message.type === 'deleteRun'
    ) {
      const answer = await this.source.history?.handle(message);
      if (answer) this.post(answer);
      return;
    }
    if (message.type === 'units' || message.type === 'unitDigits') {
      const answer = await this.source.unitDetails?.(message).catch((error: unknown) => {
        this.source.log(`Dashboard: could not read the run's units: ${error instanceof Error ? error.message : error}`);
        return undefined;
      });
      if (answer) this.post(answer);
      return;
    }
    if (message.type === 'cellDigits') {
      const digits = await this.source.cellDigits(message).catch((error: unknown) => {
        this.source.log(
          `Dashboard: could not read the cell's digits: ${error instanceof Error ? error.message : error}`,
        );
        return undefined;
      });
      if (digits) this.post(digits);
      return;
    }
    // The runs folder's list first: the replay stays the last word about the run shown.
    this.postHistory();
    // The run is read from disk, which can change under it (a folder deleted): a failed read is logged, not thrown.
    const replay = await this.source.replay().catch((error: unknown) => {
      this.source.log(`Dashboard: could not read the run to show: ${error instanceof Error ? error.message : error}`);
      return undefined;
    });
    if (replay) void this.panel.webview.postMessage(replay);
    if (this.picture) void this.panel.webview.postMessage(this.picture);
    this.picture = undefined;
    // After the list, whose rows the comparison ticks.
    if (this.comparison) void this.panel.webview.postMessage(this.comparison);
    this.comparison = undefined;
  }

  /** The runs folder's list, for a page that just loaded. */
  private postHistory(): void {
    try {
      const history = this.source.history?.message();
      if (history) void this.panel.webview.postMessage(history);
    } catch (error) {
      this.source.log(`Dashboard: could not list the runs folder: ${error instanceof Error ? error.message : error}`);
    }
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media', 'dist')],
  };
}
